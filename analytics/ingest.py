"""snapshots_ingest: the one way engagement snapshots are written (DESIGN.md §5 step 6).

The post page's form, the CSV upload and ``POST /api/v1/metrics/`` all call it. An
item is {"post", "captured_at", "impressions", "reach", "likes", "comments",
"shares", "views"}: the post by id (or by its published URL), captured_at as an
ISO 8601 date-time (read in the reporter's unit's zone when it has no offset),
the figures as whole numbers of at least 0.

Every item is checked before anything is written; one bad item refuses the whole
batch with an IngestError naming the index and field of every bad item. Otherwise,
in one transaction, the same (post, captured_at) with the same figures is unchanged,
with other figures updated (a correction), and a new one created. Posts and existing
snapshots are read in chunks and written in batches, so the number of queries does
not grow with each item.

Only editors (or stronger roles) of a post's own unit report its figures. A post the
reporter cannot see reads exactly like an unknown one.
"""

import logging
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from content.choices import PostStatus
from content.models import Post
from kpu_portal import events
from satker import scope
from satker.models import User
from satker.roles import Role

from .models import FIGURES, Snapshot

logger = logging.getLogger(__name__)

FIELDS = ["post", "captured_at", *FIGURES]
CHUNK = 1000  # rows per lookup query and per write batch
# A reporter's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=2)
MAX_FIGURE = 2**63 - 1  # PositiveBigIntegerField
_WHOLE = re.compile(r"^[+-]?\d+$")
_DATE_AND_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

scope.register(Snapshot, unit_path="post__satker")


@dataclass(frozen=True)
class IngestResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


class IngestError(ValidationError):
    """Some items are bad; nothing was stored.

    ``errors`` lists every problem as {"index", "field", "message"} (index counts the
    items from 0); a repeated (post, captured_at) also carries "duplicate_of", the
    index of the item it repeats.
    """

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__(
            [f"{error['index']}, {error['field']}: {error['message']}" for error in errors],
            code="bad_items",
        )


@dataclass
class _Item:
    index: int
    post_ref: int | str | None = None
    captured_at: datetime | None = None
    figures: tuple[int, ...] | None = None
    evidence: File | None = None
    post: Post | None = None


def snapshots_ingest(
    *,
    by: User,
    items: list[dict],
    source: str,
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    """Store a batch of snapshots all or nothing; see the module's docstring.

    ``progress`` (optional) is called with the number of items checked so far, after
    each chunk, before anything is written. An item from the post page's form may
    carry "evidence": a cleaned screenshot (a django File) stored on the snapshot.
    Raises PermissionDenied for a reporter below the editor role, IngestError when
    any item is bad.
    """
    if not (by.is_authenticated and by.satker_id and by.has_role(Role.EDITOR)):
        raise PermissionDenied(_("Only editors report figures."))
    if source not in Snapshot.Source.values:
        raise ValueError(f"Unknown snapshot source {source!r}")
    zone = zoneinfo.ZoneInfo(by.satker.timezone)
    now = timezone.now()
    errors: list[dict] = []

    def bad(index: int, field: str, message: str, **extra) -> None:
        errors.append({"index": index, "field": field, "message": message, **extra})

    parsed = [_parse(index, item, zone, now, bad) for index, item in enumerate(items)]
    checked = [item for item in parsed if item is not None]
    for start in range(0, len(checked), CHUNK):
        _resolve_posts(by, checked[start : start + CHUNK], bad)
        if progress is not None:
            progress(min(len(items), checked[min(start + CHUNK, len(checked)) - 1].index + 1))
    _check_posts(by, checked, bad)
    _check_duplicates(checked, bad)
    if errors:
        errors.sort(key=lambda error: (error["index"], _field_order(error["field"])))
        raise IngestError(errors)
    if progress is not None:
        progress(len(items))
    return _write(by, checked, source)


def _field_order(field: str) -> int:
    return FIELDS.index(field) if field in FIELDS else len(FIELDS)


# --- Checking one item, without the database ----------------------------------------


def _parse(index: int, raw, zone, now: datetime, bad) -> _Item | None:
    if not isinstance(raw, dict):
        bad(index, "item", _("Each item must be an object with the snapshot's fields."))
        return None
    item = _Item(index=index, evidence=raw.get("evidence"))
    fine = True
    missing = [field for field in FIELDS if _blank(raw.get(field))]
    for field in missing:
        bad(index, field, _("This field is required."))
        fine = False
    if "post" not in missing:
        item.post_ref = _post_ref(raw["post"])
        if item.post_ref is None:
            bad(index, "post", _("Give the post's id or its published address."))
            fine = False
    if "captured_at" not in missing:
        item.captured_at, message = _captured_at(raw["captured_at"], zone, now)
        if message:
            bad(index, "captured_at", message)
            fine = False
    figures = []
    for field in FIGURES:
        if field in missing:
            continue
        value, message = _figure(raw[field])
        if message:
            bad(index, field, message)
            fine = False
        figures.append(value)
    if not fine:
        return None
    item.figures = tuple(figures)
    return item


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _post_ref(value) -> int | str | None:
    """A post's id, or the address it was published at; None if it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str):
        value = value.strip()
        if value.isdigit() and len(value) < 19:
            return int(value) or None
        if value.startswith(("https://", "http://")) and len(value) <= 500:
            return value
    return None


def _captured_at(value, zone, now: datetime) -> tuple[datetime | None, str]:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and _DATE_AND_TIME.match(value.strip()):
        try:
            moment = parse_datetime(value.strip())
        except ValueError:
            moment = None
    else:
        moment = None
    if moment is None:
        return None, _("Give a date and time such as 2024-02-14T09:30+07:00 or 2024-02-14 09:30.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zone)
    if moment > now + CLOCK_SKEW:
        return None, _("The time the figures were captured cannot be in the future.")
    return moment, ""


def _figure(value) -> tuple[int | None, str]:
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _WHOLE.match(value.strip()):
        number = int(value.strip())
    else:
        number = None
    if number is None:
        return None, _("Give a whole number, such as 1250.")
    if number < 0:
        return None, _("A figure cannot be negative.")
    if number > MAX_FIGURE:
        return None, _("This number is too large.")
    return number, ""


# --- Checking the posts, a chunk per query -------------------------------------------


def _resolve_posts(by: User, chunk: list[_Item], bad) -> None:
    """Attach each item's post, if the reporter can see it; ids and addresses in one query."""
    ids = {item.post_ref for item in chunk if isinstance(item.post_ref, int)}
    addresses: set[str] = set()
    for item in chunk:
        if isinstance(item.post_ref, str):
            addresses.update(_address_forms(item.post_ref))
    if not ids and not addresses:
        return
    condition = Q(pk__in=ids) if ids else Q()
    if addresses:
        condition = condition | Q(url__in=addresses) if ids else Q(url__in=addresses)
    posts = (
        scope.visible(by, Post)
        .filter(condition)
        .select_related("satker")
        .only("pk", "status", "published_at", "url", "satker__name", "satker_id")
    )
    by_id: dict[int, Post] = {}
    by_address: dict[str, list[Post]] = {}
    for post in posts:
        by_id[post.pk] = post
        if post.url:
            by_address.setdefault(post.url.rstrip("/"), []).append(post)
    for item in chunk:
        if isinstance(item.post_ref, int):
            item.post = by_id.get(item.post_ref)
            continue
        found = by_address.get(item.post_ref.rstrip("/"), [])
        if len(found) > 1:
            bad(
                item.index,
                "post",
                _("Several posts were published at this address; give the post's id."),
            )
            item.post_ref = None
        elif found:
            item.post = found[0]


def _address_forms(address: str) -> Iterable[str]:
    bare = address.rstrip("/")
    return (bare, f"{bare}/")


def _check_posts(by: User, items: list[_Item], bad) -> None:
    for item in items:
        post = item.post
        if item.post_ref is None:
            continue  # already named
        if post is None:
            bad(item.index, "post", _("Unknown post, or outside your work unit."))
        elif post.satker_id != by.satker_id:
            bad(
                item.index,
                "post",
                _("Only editors of %(unit)s report its figures.") % {"unit": post.satker.name},
            )
        elif post.status != PostStatus.PUBLISHED or post.published_at is None:
            bad(item.index, "post", _("This post is not published yet."))
        elif item.captured_at < post.published_at:
            bad(
                item.index,
                "captured_at",
                _("The figures cannot be captured before the post was published (%(when)s).")
                % {"when": timezone.localtime(post.published_at).strftime("%Y-%m-%d %H:%M")},
            )
        else:
            continue
        item.post = None


def _check_duplicates(items: list[_Item], bad) -> None:
    first: dict[tuple[int, datetime], int] = {}
    for item in items:
        if item.post is None:
            continue
        key = (item.post.pk, item.captured_at)
        if key in first:
            bad(
                item.index,
                "captured_at",
                _("Item %(other)d has the same post and capture time.") % {"other": first[key]},
                duplicate_of=first[key],
            )
        else:
            first[key] = item.index


# --- Writing ---------------------------------------------------------------------------


def _write(by: User, items: list[_Item], source: str) -> IngestResult:
    created: list[Snapshot] = []
    updated: list[Snapshot] = []
    new_files: list[str] = []
    replaced_files: list[str] = []
    unchanged = 0
    now = timezone.now()
    fields = [*FIGURES, "source", "reported_by", "updated_at"]
    try:
        with transaction.atomic():
            for start in range(0, len(items), CHUNK):
                chunk = items[start : start + CHUNK]
                existing = _existing(chunk)
                for item in chunk:
                    snapshot = existing.get((item.post.pk, item.captured_at))
                    if snapshot is None:
                        snapshot = Snapshot(post_id=item.post.pk, captured_at=item.captured_at)
                        created.append(snapshot)
                    elif snapshot.figures() == item.figures and item.evidence is None:
                        unchanged += 1
                        continue
                    else:
                        updated.append(snapshot)
                    for field, value in zip(FIGURES, item.figures, strict=True):
                        setattr(snapshot, field, value)
                    snapshot.source = source
                    snapshot.reported_by = by
                    snapshot.updated_at = now
                    if item.evidence is not None:
                        if snapshot.evidence:
                            replaced_files.append(snapshot.evidence.name)
                        snapshot.evidence.save(item.evidence.name, item.evidence, save=False)
                        new_files.append(snapshot.evidence.name)
            Snapshot.objects.bulk_create(created, batch_size=CHUNK)
            with_evidence = [snapshot for snapshot in updated if snapshot.evidence]
            Snapshot.objects.bulk_update(
                [snapshot for snapshot in updated if not snapshot.evidence], fields, CHUNK
            )
            Snapshot.objects.bulk_update(with_evidence, [*fields, "evidence"], CHUNK)
            if created or updated:
                touched = {snapshot.post_id for snapshot in (*created, *updated)}
                transaction.on_commit(lambda: _after_ingest(touched))
            if replaced_files:
                transaction.on_commit(lambda: _delete_files(replaced_files))
    except Exception:
        _delete_files(new_files)  # the rows were rolled back: so are their files
        raise
    return IngestResult(created=len(created), updated=len(updated), unchanged=unchanged)


def _existing(chunk: list[_Item]) -> dict[tuple[int, datetime], Snapshot]:
    post_ids = {item.post.pk for item in chunk}
    moments = {item.captured_at for item in chunk}
    rows = Snapshot.objects.filter(post_id__in=post_ids, captured_at__in=moments)
    return {(row.post_id, row.captured_at): row for row in rows}


def _after_ingest(touched: set[int]) -> None:
    """Announce the touched posts once the report is committed (roll-ups listen)."""
    try:
        events.announce(events.SNAPSHOTS_REPORTED, set(touched))
    except Exception:  # a failed roll-up must not undo or hide a stored report
        logger.exception("A listener of reported snapshots failed for posts %s", sorted(touched))


def _delete_files(names: list[str]) -> None:
    storage = Snapshot._meta.get_field("evidence").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete the stored file %s", name, exc_info=True)
