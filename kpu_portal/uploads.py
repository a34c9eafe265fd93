"""Uploaded files made safe: the one pipeline for brief assets and post media.

Images are opened with Pillow's JPEG, PNG and WebP readers only, refused when too
large in bytes or in pixels (decompression bombs: refused from the header, before
any pixel is decoded), turned upright, brought to sRGB, and re-encoded from their
pixels alone — which drops EXIF (GPS included), XMP, ICC profiles, comments and
text chunks, and anything smuggled after the image data (an HTML or script
"polyglot"). PDFs are checked by their signature and size. Limits are settings
(UPLOAD_LIMITS), not literals.

Nothing here knows about briefs or posts: callers pass an uploaded file (anything
with ``name``, ``size``, ``seek`` and ``read``) and store the ``CleanFile`` they get
back, or show the ``ValidationError`` — its message always names the file.
"""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

try:
    from PIL import ImageCms

    _SRGB = ImageCms.createProfile("sRGB")
except ImportError:  # a Pillow built without littlecms: colours are left as decoded
    ImageCms = None
    _SRGB = None

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PDF_SIGNATURE = b"%PDF-"
PDF_CONTENT_TYPE = "application/pdf"
THUMBNAIL_BOX = (480, 480)
THUMBNAIL_CONTENT_TYPE = "image/webp"

# The only readers an upload ever meets. A camera JPEG holding a second picture
# (MPO: stereo, depth or preview) is read by the JPEG reader and kept as its first.
_READERS = ("JPEG", "PNG", "WEBP")
_SAME_AS = {"MPO": "JPEG"}
# Modes PNG stores as they are; JPEG sources are L, RGB or CMYK, WebP RGB or RGBA.
_PLAIN_MODES = ("1", "L", "LA", "P", "RGB", "RGBA")
# Names a file of each type may carry; any other is replaced (see CleanFile.filename).
_NAME_EXTENSIONS = {
    "image/jpeg": ("jpg", "jpeg", "jpe", "jfif"),
    "image/png": ("png",),
    "image/webp": ("webp",),
    PDF_CONTENT_TYPE: ("pdf",),
}
_KNOWN_EXTENSIONS = {name for names in _NAME_EXTENSIONS.values() for name in names}


@dataclass(frozen=True)
class CleanFile:
    content: bytes = field(repr=False)
    content_type: str
    extension: str
    thumbnail: bytes | None = field(default=None, repr=False)
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)

    def filename(self, original: str) -> str:
        """``original`` with an extension that matches the content ("photo.jpg" holding
        a PNG becomes "photo.png", "juknis v1.2" a PDF "juknis v1.2.pdf"), so a
        downloaded copy opens with the right program."""
        stem, dot, extension = original.rpartition(".")
        extension = extension.lower()
        if dot and extension in _NAME_EXTENSIONS.get(self.content_type, ()):
            return original
        if dot and stem and extension in _KNOWN_EXTENSIONS:
            return f"{stem}.{self.extension}"
        return f"{original}.{self.extension}"


def _limit(name: str) -> int:
    return settings.UPLOAD_LIMITS[name]


def _size(n_bytes: int) -> str:
    """A size in decimal units, as UPLOAD_LIMITS are written (10_000_000 is "10.0 MB")."""
    if n_bytes < 1000:
        return ngettext("%(size)d byte", "%(size)d bytes", n_bytes) % {"size": n_bytes}
    for unit, factor in ((_("%s KB"), 1e3), (_("%s MB"), 1e6), (_("%s GB"), 1e9)):
        if n_bytes < factor * 1000 or factor == 1e9:
            return unit % number_format(n_bytes / factor, 1)
    raise AssertionError("unreachable")


def _sizes(size: int, limit: int) -> tuple[str, str]:
    """Both sizes for a message, in bytes where rounding would show them as equal."""
    shown = _size(size), _size(limit)
    if shown[0] != shown[1]:
        return shown
    return tuple(
        ngettext("%(size)s byte", "%(size)s bytes", n)
        % {"size": number_format(n, force_grouping=True)}
        for n in (size, limit)
    )


def _check_size(upload: UploadedFile, limit_name: str) -> None:
    limit = _limit(limit_name)
    if upload.size is not None and upload.size > limit:
        size, most = _sizes(upload.size, limit)
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": upload.name, "size": size, "limit": most},
            code="too_large",
        )


def clean_image(upload: UploadedFile) -> CleanFile:
    """A re-encoded copy of an uploaded JPEG/PNG/WebP, with a WebP thumbnail.

    Raises ValidationError (naming the file) for anything else, for an oversize or
    damaged file, and for too many pixels.
    """
    _check_size(upload, "image_bytes")
    image, image_format = _open_image(upload)
    try:
        icc_profile = image.info.get("icc_profile")
        upright = _upright(image)
        clean = _pixels_only(_to_srgb(upright, icc_profile))
        content = _encode(clean, image_format)
        thumbnail = _thumbnail(clean)
    except (OSError, ValueError, SyntaxError) as error:
        raise _damaged(upload) from error
    return CleanFile(
        content=content,
        content_type=IMAGE_TYPES[image_format],
        extension=EXTENSIONS[image_format],
        thumbnail=thumbnail,
        width=clean.width,
        height=clean.height,
    )


def _open_image(upload: UploadedFile) -> tuple[Image.Image, str]:
    """The decoded image and its format; its size is checked before it is decoded."""
    not_an_image = ValidationError(
        _("%(name)s is not a JPEG, PNG or WebP image.") % {"name": upload.name},
        code="not_an_image",
    )
    upload.seek(0)
    try:
        image = Image.open(upload, formats=_READERS)
    except Image.DecompressionBombError:
        # Pillow's own ceiling, above ours unless settings raise ours past it.
        raise _too_many_pixels(upload) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_an_image from None
    image_format = _SAME_AS.get(image.format, image.format)
    if image_format not in IMAGE_TYPES:
        raise not_an_image
    _check_pixels(upload, image)
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _damaged(upload) from None
    return image, image_format


def _check_pixels(upload: UploadedFile, image: Image.Image) -> None:
    # From the header: nothing has been decoded yet.
    if image.width * image.height > _limit("image_pixels"):
        raise _too_many_pixels(upload, image.size)


def _too_many_pixels(upload: UploadedFile, size: tuple[int, int] | None = None) -> ValidationError:
    limit = number_format(_limit("image_pixels"), force_grouping=True)
    if size is None:
        message = _("%(name)s has too many pixels; the limit is %(limit)s pixels.") % {
            "name": upload.name,
            "limit": limit,
        }
    else:
        message = _("%(name)s is %(width)d x %(height)d pixels; the limit is %(limit)s pixels.") % {
            "name": upload.name,
            "width": size[0],
            "height": size[1],
            "limit": limit,
        }
    return ValidationError(message, code="too_many_pixels")


def _damaged(upload: UploadedFile) -> ValidationError:
    return ValidationError(
        _("%(name)s is damaged or incomplete; save it again and upload the new copy.")
        % {"name": upload.name},
        code="damaged",
    )


def _upright(image: Image.Image) -> Image.Image:
    """A new image turned as its EXIF orientation says (a phone photo taken sideways)."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a malformed EXIF block: the pixels stay as they were stored
        return image.copy()


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Colours converted from the embedded profile (Display P3, CMYK press profiles)
    to sRGB, since the profile itself is not kept. Left as they are when the profile
    cannot be used."""
    if not icc_profile or ImageCms is None or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    if image.mode == "RGB" and "transparency" in image.info:
        image = image.convert("RGBA")  # the transparent colour, before colours move
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if image.mode != "CMYK" and "sRGB" in ImageCms.getProfileDescription(source):
            return image
        output_mode = "RGB" if image.mode == "CMYK" else image.mode
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    converted.info = dict(image.info)
    return converted


def _pixels_only(image: Image.Image) -> Image.Image:
    """The image with no metadata left but its transparency; in a mode PNG, JPEG and
    WebP writers take. May change ``image`` in place (callers pass their own copy)."""
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        # 16-bit greyscale PNG: scaled to 8 bits, not clipped to white.
        clean = image.convert("I").point(lambda value: value / 257).convert("L")
    elif image.mode == "CMYK":
        clean = image.convert("RGB")
    elif image.mode not in _PLAIN_MODES:
        clean = image.convert("RGBA")
    else:
        clean = image
    transparency = image.info.get("transparency") if clean is image else None
    clean.info = {} if transparency is None else {"transparency": transparency}
    return clean


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("LA", "PA", "RGBA") or "transparency" in image.info


def _flattened(image: Image.Image) -> Image.Image:
    """RGB or L for JPEG: transparent parts on white, not black."""
    if image.mode in ("RGB", "L"):
        return image
    if not _has_alpha(image):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        _flattened(image).save(out, "JPEG", quality=85, optimize=True)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    # Converted first, so palette images are resampled smoothly, not by nearest pixel.
    thumb = image.convert("RGBA" if _has_alpha(image) else "RGB")
    thumb.info = {}
    thumb.thumbnail(THUMBNAIL_BOX)
    out = io.BytesIO()
    thumb.save(out, "WEBP", quality=75)
    return out.getvalue()


def is_pdf(upload: UploadedFile) -> bool:
    """Whether the upload calls itself a PDF (by name) or starts like one."""
    if (upload.name or "").lower().endswith(".pdf"):
        return True
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    return head == PDF_SIGNATURE


def clean_pdf(upload: UploadedFile) -> CleanFile:
    """The uploaded PDF as it is, once its size and signature are right.

    It is stored unchanged: serve it only as an attachment, with nosniff and a
    sandboxing Content-Security-Policy.
    """
    _check_size(upload, "document_bytes")
    upload.seek(0)
    content = upload.read()
    if not content.startswith(PDF_SIGNATURE):
        raise ValidationError(
            _("%(name)s is not a PDF document.") % {"name": upload.name}, code="not_a_pdf"
        )
    return CleanFile(content=content, content_type=PDF_CONTENT_TYPE, extension="pdf")
