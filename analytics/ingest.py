"""snapshots_ingest: the one way engagement snapshots are written (DESIGN.md §5 step 6).

The post page's form, the CSV upload and ``POST /api/v1/metrics/`` all call it. An
item is {"post", "captured_at", "impressions", "reach", "likes", "comments",
"shares", "views"}: the post by id (or by its published URL), captured_at as an
ISO 8601 date-time (read in the reporter's unit's zone when it has no offset),
the figures as whole numbers of at least 0.

Every item is checked before anything is written; one bad item refuses the whole
batch with an IngestError naming the index and field of every bad item. Otherwise,
in one transaction, the same (post, captured_at) with the same figures is unchanged,
with other figures updated (a correction), and a new one created.

The write is set-based (bench B2): the checked rows are staged in a temporary table
(COPY on PostgreSQL) and stored by one INSERT ... SELECT ... ON CONFLICT DO UPDATE
whose WHERE skips rows sent again as they were; the rows it RETURNs are the created
and updated ones, the rest are unchanged. Posts are read a chunk of items per query,
each post once, so the number of queries does not grow with the items.

Only editors (or stronger roles) of a post's own unit report its figures. A post the
reporter cannot see reads exactly like an unknown one.
"""

import gc
import io
import logging
import operator
import re
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from content.choices import PostStatus
from content.models import Post
from kpu_portal import events, stored_files
from kpu_portal.ids import MAX_ID, is_id
from satker import scope
from satker.models import User
from satker.roles import Role
from satker.timefmt import written_unit_time

from .models import FIGURES, Snapshot

logger = logging.getLogger(__name__)

FIELDS = ["post", "captured_at", *FIGURES]
CHUNK = 1000  # items per post lookup query (and per progress report)
# A reporter's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=2)
MAX_FIGURE = 2**63 - 1  # PositiveBigIntegerField
_WHOLE = re.compile(r"^[+-]?\d+$")
_DATE_AND_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# The six figures joined by commas, each plain ASCII digits (a comma in one fails it).
_FIGURES_AS_TEXT = re.compile(rf"[0-9]{{1,18}}(?:,[0-9]{{1,18}}){{{len(FIGURES) - 1}}}\Z")
_ALL_FIELDS = operator.itemgetter(*FIELDS)
_INCOMING = "analytics_snapshot_incoming"  # the temporary staging table
# The staged columns, in COPY order.
_STAGED = ["post_id", "captured_at", *FIGURES, "evidence"]

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


# An item that passed the checks made without the database: (index, post reference,
# captured_at, figures, evidence). Plain tuples: a file has tens of thousands of them.
_Row = tuple[int, int | str, datetime, tuple, File | None]
# A row to store: (post id, captured_at, the six figures, evidence File or "").
_Checked = tuple


class _Post(NamedTuple):
    pk: int
    satker_id: int
    status: str
    published_at: datetime | None
    url: str
    unit_name: str


_AMBIGUOUS = object()  # an address several posts were published at


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
    with cycle_collection_paused():
        checked, repeats = _check_items(by, items, progress)
        if progress is not None:
            progress(len(items))
        result = _write(by, checked, source) if checked else IngestResult()
        return replace(result, unchanged=result.unchanged + repeats)


def _check_items(by: User, items: list, progress) -> tuple[list[_Checked], int]:
    """The rows to store and the exact repeats left out, once every item is checked;
    IngestError naming each bad one."""
    zone = zoneinfo.ZoneInfo(by.satker.timezone)
    errors: list[dict] = []

    def bad(index: int, field: str, message: str, **extra) -> None:
        errors.append({"index": index, "field": field, "message": message, **extra})

    rows = _read(items, zone, timezone.now(), bad)
    posts = _Posts(by)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        posts.load(chunk)
        if progress is not None:
            progress(min(len(items), chunk[-1][0] + 1))
    checked, repeats = _check(by, rows, posts, bad)
    if errors:
        errors.sort(key=lambda error: (error["index"], _field_order(error["field"])))
        raise IngestError(errors)
    return checked, repeats


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while a batch's rows are built and written.

    Tens of thousands of rows (dicts, tuples) hold no reference cycles, but as they
    pile up they set off full collections that walk every object of the process:
    50-65 ms each in bench B2's 20,000-row file. It runs as usual again afterwards.
    """
    if not gc.isenabled():  # paused already (a caller's, or another thread's)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _field_order(field: str) -> int:
    return FIELDS.index(field) if field in FIELDS else len(FIELDS)


# --- Checking one item, without the database ----------------------------------------


def _read(items: list, zone, now: datetime, bad) -> list[_Row]:
    """Each item read on its own; the bad ones are named through ``bad`` and left out."""
    read_plain = _PlainReader(zone, now + CLOCK_SKEW).read
    rows = []
    for index, raw in enumerate(items):
        # Almost every item is plain (a CSV's text, an API's numbers): read it cheaply,
        # and only when anything is unusual the careful way that names each problem.
        read = read_plain(raw) or _parse(index, raw, zone, now, bad)
        if read is not None:
            rows.append((index, *read, raw.get("evidence")))
    return rows


class _PlainReader:
    """(post id, captured_at, figures) of an item in the usual shape, else None.

    Accepts only what ``_parse`` would read to the same values, so an item it passes
    over is read again by ``_parse``, which then names its problems.
    """

    def __init__(self, zone, latest: datetime):
        self.zone = zone
        self.latest = latest
        # Capture times as sent, read: a unit's file repeats each time over its posts.
        self.moments: dict[str, datetime | None] = {}

    def read(self, raw) -> tuple | None:
        if not isinstance(raw, dict):
            return None
        try:
            values = _ALL_FIELDS(raw)
        except KeyError:
            return None
        ref, moment, figures = values[0], values[1], values[2:]
        if is_id(ref):
            ref = int(ref)
        if type(ref) is not int or not 0 < ref <= MAX_ID:
            return None
        if type(moment) is str:
            text = moment
            try:
                moment = self.moments[text]
            except KeyError:
                moment = self.moments[text] = self._moment(text)
        elif type(moment) is datetime:
            moment = self._in_time(moment)
        else:
            return None
        figures = _plain_figures(figures)
        if moment is None or figures is None:
            return None
        return ref, moment, figures

    def _moment(self, text: str) -> datetime | None:
        if not _DATE_AND_TIME.match(text):
            return None
        try:
            return self._in_time(datetime.fromisoformat(text))
        except ValueError:
            return None

    def _in_time(self, moment: datetime) -> datetime | None:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.zone)
        return moment if moment <= self.latest else None


def _plain_figures(values: tuple) -> tuple | None:
    """Six figures all as ints in range, or all as text of 1 to 18 digits; else None.

    Text stays text: both databases read "0012" as 12 when it is staged, and not
    converting 120,000 strings is a good part of a large file's time. (19 digits may
    pass the largest figure: the careful path reads those.)
    """
    try:
        text = ",".join(values)
    except TypeError:  # not all text: numbers from JSON, or something to name
        if set(map(type, values)) != {int} or min(values) < 0 or max(values) > MAX_FIGURE:
            return None
        return values
    return values if _FIGURES_AS_TEXT.match(text) else None


def _parse(index: int, raw, zone, now: datetime, bad) -> tuple | None:
    """(post reference, captured_at, figures), or None after naming every problem."""
    if not isinstance(raw, dict):
        bad(index, "item", _("Each item must be an object with the snapshot's fields."))
        return None
    post_ref = captured_at = None
    fine = True
    missing = [field for field in FIELDS if _blank(raw.get(field))]
    for field in missing:
        bad(index, field, _("This field is required."))
        fine = False
    if "post" not in missing:
        post_ref = _post_ref(raw["post"])
        if post_ref is None:
            bad(index, "post", _("Give the post's id or its published address."))
            fine = False
    if "captured_at" not in missing:
        captured_at, message = _captured_at(raw["captured_at"], zone, now)
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
    return post_ref, captured_at, tuple(figures)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _post_ref(value) -> int | str | None:
    """A post's id, or the address it was published at; None if it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value) if 0 < value <= MAX_ID else None
    if isinstance(value, str):
        value = value.strip()
        # isdecimal: exactly the digits int() reads (isdigit also passes "²").
        if value.isdecimal() and len(value) < 19:
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


class _Posts:
    """The posts the items name that the reporter can see, by id and by address.

    ``load`` reads a chunk's posts not read before in one query, so a file naming a
    few hundred posts many times over reads each post once.
    """

    def __init__(self, by: User):
        self.by = by
        self.by_id: dict[int, _Post] = {}
        self.by_address: dict[str, dict[int, _Post]] = {}
        self.asked_ids: set[int] = set()
        self.asked_addresses: set[str] = set()

    def load(self, chunk: list[_Row]) -> None:
        refs = {row[1] for row in chunk}
        ids = {ref for ref in refs if type(ref) is int} - self.asked_ids
        addresses = {
            form for ref in refs if type(ref) is str for form in _forms(ref)
        } - self.asked_addresses
        if not ids and not addresses:
            return
        self.asked_ids |= ids
        self.asked_addresses |= addresses
        condition = Q(pk__in=ids) | Q(url__in=addresses)
        posts = (
            scope.visible(self.by, Post)
            .filter(condition)
            .values_list("pk", "satker_id", "status", "published_at", "url", "satker__name")
        )
        for values in posts:
            post = _Post(*values)
            self.by_id[post.pk] = post
            if post.url in addresses:
                self.by_address.setdefault(post.url.rstrip("/"), {})[post.pk] = post

    def get(self, ref: int | str) -> _Post | object | None:
        """The post, None if unknown or out of sight, or _AMBIGUOUS for a shared address."""
        if type(ref) is int:
            return self.by_id.get(ref)
        found = self.by_address.get(ref.rstrip("/"), {})
        if len(found) > 1:
            return _AMBIGUOUS
        return next(iter(found.values()), None)


def _forms(address: str) -> Iterable[str]:
    bare = address.rstrip("/")
    return (bare, f"{bare}/")


def _check(by: User, rows: list[_Row], posts: _Posts, bad) -> tuple[list[_Checked], int]:
    """The rows to store, as (post id, captured_at, *figures, evidence or ""), and how
    many items repeated an earlier one exactly (kept once: "the same snapshot sent
    again changes nothing"); names the rest."""
    checked = []
    repeats = 0
    # (post, captured_at) -> the first item's index and figures
    first: dict[tuple[int, datetime], tuple[int, tuple]] = {}
    # When each of the reporter's published posts was published: the posts it may report.
    published = {
        post.pk: post.published_at
        for post in posts.by_id.values()
        if post.satker_id == by.satker_id
        and post.status == PostStatus.PUBLISHED
        and post.published_at is not None
    }
    for index, ref, moment, figures, evidence in rows:
        post = posts.get(ref)
        since = published.get(post.pk) if isinstance(post, _Post) else None
        if since is None or moment < since:
            _name_refusal(by, index, moment, post, bad)
            continue
        other, earlier = first.setdefault((post.pk, moment), (index, tuple(figures)))
        if other != index:
            if earlier == tuple(figures) and evidence is None:
                repeats += 1
                continue
            bad(
                index,
                "captured_at",
                _("Item %(other)d has the same post and capture time.") % {"other": other},
                duplicate_of=other,
            )
            continue
        checked.append((post.pk, moment, *figures, "" if evidence is None else evidence))
    return checked, repeats


def _name_refusal(by: User, index: int, moment: datetime, post, bad) -> None:
    """Why this item's post may not get its figures."""
    if post is None:
        bad(index, "post", _("Unknown post, or outside your work unit."))
    elif post is _AMBIGUOUS:
        bad(index, "post", _("Several posts were published at this address; give the post's id."))
    elif post.satker_id != by.satker_id:
        bad(
            index,
            "post",
            _("Only editors of %(unit)s report its figures.") % {"unit": post.unit_name},
        )
    elif post.status != PostStatus.PUBLISHED or post.published_at is None:
        bad(index, "post", _("This post is not published yet."))
    else:
        bad(
            index,
            "captured_at",
            _("The figures cannot be captured before the post was published (%(when)s).")
            % {"when": _as_written(post.published_at, by.satker)},
        )


def _as_written(moment: datetime, unit) -> str:
    """``moment`` as a reporter of ``unit`` writes captured_at: "2026-02-14 09:30 WIT"."""
    return f"{written_unit_time(moment, unit)} {unit.zone_label}"


# --- Writing ---------------------------------------------------------------------------


def _write(by: User, checked: list[_Checked], source: str) -> IngestResult:
    new_files: list[str] = []
    # Only the post page's form sends a screenshot, with one item.
    with_evidence = [n for n, row in enumerate(checked) if isinstance(row[-1], File)]
    try:
        with transaction.atomic():
            replaced_files = _replaced_evidence([checked[n] for n in with_evidence])
            staged = _store_evidence(checked, with_evidence, new_files)
            returned = _upsert(staged, source, by.pk)
            touched = {post_id for post_id, _ in returned}
            if touched:
                transaction.on_commit(lambda: _after_ingest(touched))
            if replaced_files:
                transaction.on_commit(lambda: _delete_files(replaced_files))
    except Exception:
        _delete_files(new_files)  # the rows were rolled back: so are their files
        raise
    created = sum(1 for _, is_new in returned if is_new)
    return IngestResult(
        created=created, updated=len(returned) - created, unchanged=len(staged) - len(returned)
    )


def _store_evidence(checked: list[_Checked], with_evidence: list[int], new_files) -> list:
    """The rows, each screenshot saved to storage and replaced by its stored name."""
    if not with_evidence:
        return checked
    staged = list(checked)
    for n in with_evidence:
        *values, evidence = checked[n]
        field = Snapshot(post_id=values[0]).evidence
        field.save(evidence.name, evidence, save=False)
        new_files.append(field.name)
        staged[n] = (*values, field.name)
    return staged


def _replaced_evidence(rows: list[_Checked]) -> list[str]:
    """The stored screenshots that these rows' new ones replace.

    Read before the write, and locked: the upsert cannot return a row's old values.
    """
    if not rows:
        return []
    condition = Q(pk__in=[])
    for row in rows:
        condition |= Q(post_id=row[0], captured_at=row[1])
    stored = Snapshot.objects.select_for_update().filter(condition).exclude(evidence="")
    return list(stored.values_list("evidence", flat=True))


def _upsert(staged: list[tuple], source: str, reporter_id: int) -> list[tuple[int, bool]]:
    """Store the staged rows; returns (post id, created) of each created or updated row.

    The same statement on every vendor: the rows are staged in a temporary table,
    then one INSERT ... SELECT ... ON CONFLICT writes them. Only the staging and how
    a created row is told from an updated one differ (``_stage``).
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_create_incoming_sql())
        created, created_params = _stage(cursor, staged)
        cursor.execute(_upsert_sql(created), [source, reporter_id, now, now, *created_params])
        returned = cursor.fetchall()
        cursor.execute(f"DROP TABLE {_INCOMING}")
    return returned


def _stage(cursor, staged: list[tuple]) -> tuple[str, list]:
    """Fill the temporary table; returns the SQL (and its parameters) that is true for
    a row the upsert created.

    PostgreSQL: COPY, and xmax, which is 0 on a row version this statement inserted
    (an updated one carries the updating transaction's lock). SQLite has neither: one
    executemany, and the ids above the largest read before the write. Its writers
    take turns (the portal opens transactions IMMEDIATE; a deferred one that another
    writer overtook fails with SQLITE_BUSY rather than miscounting) and its ids only
    grow (AUTOINCREMENT).
    """
    if connection.vendor == "postgresql":
        _copy_in(cursor, staged)
        return "(xmax = 0)", []
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_table()}")  # noqa: S608
    largest = cursor.fetchone()[0]
    placeholders = ", ".join(["%s"] * len(_STAGED))
    as_stored = connection.ops.adapt_datetimefield_value  # the text SQLite compares
    cursor.executemany(
        f"INSERT INTO {_INCOMING} VALUES ({placeholders})",  # noqa: S608
        [(row[0], as_stored(row[1]), *row[2:]) for row in staged],
    )
    return "(id > %s)", [largest]


def _table() -> str:
    return connection.ops.quote_name(Snapshot._meta.db_table)


def _create_incoming_sql() -> str:
    # The snapshot table's own column types, so values compare as they are stored.
    columns = ", ".join(
        f"{name} {Snapshot._meta.get_field(name).db_type(connection)}" for name in _STAGED
    )
    return f"CREATE TEMPORARY TABLE {_INCOMING} ({columns})"


def _upsert_sql(created: str) -> str:
    """INSERT ... SELECT ... ON CONFLICT DO UPDATE, skipping rows sent again unchanged.

    A row with a new screenshot is updated even with the same figures. ``WHERE
    true`` keeps SQLite from reading ON CONFLICT as a join's ON.
    """
    table = _table()
    figures = ", ".join(FIGURES)
    stored = ", ".join(f"stored.{name}" for name in FIGURES)
    sent = ", ".join(f"excluded.{name}" for name in FIGURES)
    updates = ", ".join(
        f"{name} = excluded.{name}" for name in [*FIGURES, "source", "reported_by_id", "updated_at"]
    )
    return (
        f"INSERT INTO {table} AS stored (post_id, captured_at, {figures}, evidence, "  # noqa: S608
        f"source, reported_by_id, created_at, updated_at) "
        f"SELECT post_id, captured_at, {figures}, evidence, %s, %s, %s, %s "
        f"FROM {_INCOMING} WHERE true ORDER BY post_id, captured_at "
        f"ON CONFLICT (post_id, captured_at) DO UPDATE SET {updates}, "
        f"evidence = CASE WHEN excluded.evidence <> '' THEN excluded.evidence "
        f"ELSE stored.evidence END "
        f"WHERE ({stored}) IS DISTINCT FROM ({sent}) OR excluded.evidence <> '' "
        f"RETURNING post_id, {created}"
    )


def _copy_in(cursor, staged: list[tuple]) -> None:
    """COPY the staged rows into the temporary table (psycopg 2 or 3)."""
    # Each capture time written once: a unit's rows repeat a few of them.
    moments = {moment: moment.isoformat() for moment in {row[1] for row in staged}}
    data = "".join(
        [
            f"{post_id}\t{moments[moment]}\t{a}\t{b}\t{c}\t{d}\t{e}\t{f}\t"
            f"{_copy_text(evidence) if evidence else ''}\n"
            for post_id, moment, a, b, c, d, e, f, evidence in staged
        ]
    )
    sql = f"COPY {_INCOMING} ({', '.join(_STAGED)}) FROM STDIN"
    raw = cursor.cursor  # the driver's own cursor: Django's wrapper has no COPY
    if hasattr(raw, "copy_expert"):  # psycopg2
        raw.copy_expert(sql, io.StringIO(data), size=1 << 20)
    else:  # psycopg 3
        with raw.copy(sql) as copy:
            copy.write(data)


def _copy_text(value: str) -> str:
    """A text value in COPY's text format (here only stored file names)."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _after_ingest(touched: set[int]) -> None:
    """Announce the touched posts once the report is committed (roll-ups listen)."""
    try:
        events.announce(events.SNAPSHOTS_REPORTED, set(touched))
    except Exception:  # a failed roll-up must not undo or hide a stored report
        logger.exception("A listener of reported snapshots failed for posts %s", sorted(touched))


def _delete_files(names: list[str]) -> None:
    stored_files.remove(Snapshot._meta.get_field("evidence").storage, names)
