"""Stored uploads (brief assets, post images, snapshot screenshots, CSV uploads):
served to a caller that has already checked scope, and removed without failing.

Files live in private storage under random names; no URL maps to MEDIA_ROOT. The
views find the row through satker.scope (404 outside it) and answer with
``serve``. Rows remove their files once their deletion commits (``remove``).
"""

import logging
from collections.abc import Iterable

from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from .uploads import THUMBNAIL_CONTENT_TYPE

logger = logging.getLogger(__name__)

# Served files are never run as a page: no scripts, no plugins, no framing, no sniffing.
SERVING_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "private, max-age=3600",
}


def serve(
    stored: FieldFile,
    *,
    content_type: str,
    filename: str = "",
    as_attachment: bool = False,
    owner: str,
) -> FileResponse:
    """The bytes of ``stored`` with the given type, never sniffed, never run as a page.

    404 when the row has no file or the file is missing from storage (logged with
    ``owner``, which names the row: a missing file is the storage's fault).
    """
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        logger.error("The stored file of %s is missing: %s", owner, stored.name)
        raise Http404 from None
    response = FileResponse(
        handle, content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    for header, value in SERVING_HEADERS.items():
        response[header] = value
    return response


def serve_upload(upload, variant: str, *, owner: str, as_attachment: bool = False) -> FileResponse:
    """An uploaded file's bytes (variant "file") or its WebP thumbnail ("thumbnail"),
    for rows with ``file``, ``thumbnail``, ``original_name`` and ``content_type``
    (brief assets, post images). A thumbnail is always shown inline."""
    if variant == "thumbnail":
        return serve(
            upload.thumbnail,
            content_type=THUMBNAIL_CONTENT_TYPE,
            filename=thumbnail_filename(upload.original_name),
            owner=owner,
        )
    return serve(
        upload.file,
        content_type=upload.content_type,
        filename=upload.original_name,
        as_attachment=as_attachment,
        owner=owner,
    )


def thumbnail_filename(original_name: str) -> str:
    """The name a WebP thumbnail of ``original_name`` is served under."""
    return f"{original_name.rpartition('.')[0] or original_name}-thumbnail.webp"


def names_of(*files: FieldFile) -> list[str]:
    """The stored names of those of ``files`` that hold a file."""
    return [stored.name for stored in files if stored and stored.name]


def remove(storage: Storage, names: Iterable[str]) -> None:
    """Delete these stored files; one that cannot be deleted is logged, not raised
    (the row that pointed to it is already gone)."""
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete the stored file %s", name, exc_info=True)
