"""Roll-ups: each (unit, campaign) bucket recomputed from the source rows, never incremented.

Source rows: assignments (their status), posts (status, published_at) and
snapshots (only each post's latest counts; the daily series counts each post's
latest snapshot captured up to the end of that day, Asia/Jakarta).

Two stages, both pure functions of what they read:

1. ``own`` buckets: a unit's own assignment, posts and engagement, from the
   source with a few set-based queries (assignments; posts grouped by status;
   one windowed query giving every post's latest figures per day).
2. ``subtree`` buckets: the sum of the ``own`` buckets below and at each unit,
   added up in Python by walking the 553 units in reverse tree order.

``rollup_dirty_run`` (incremental) claims the (unit, campaign) pairs that reports
marked dirty, recomputes their ``own`` buckets from source, then the ``subtree``
buckets of those units and their ancestors from every stored ``own`` bucket of
the campaign. ``rollup_rebuild`` recomputes everything. Each run is one
transaction that holds a lock per campaign (PostgreSQL advisory locks), so
concurrent runs take turns per campaign and each reads what the previous one
committed; a run that dies is rolled back whole, its dirty marks included, and
the next run redoes it. However often and in whatever order they run, the stored
rows equal a recompute from source.
"""

import logging
import os
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from campaigns.choices import AssignmentStatus
from campaigns.models import Assignment, Campaign
from content.choices import PostStatus
from content.models import Post
from satker.models import Satker

from .models import FIGURES, Snapshot
from .rollup_models import (
    ASSIGNMENT_COUNTS,
    POST_COUNTS,
    Rollup,
    RollupDay,
    RollupDirty,
    RollupScope,
)

logger = logging.getLogger(__name__)

# Days of the daily series end at midnight in this zone (the national secretariat's).
DAY_ZONE = settings.TIME_ZONE
COUNT_FIELDS = [*ASSIGNMENT_COUNTS, *POST_COUNTS, *FIGURES]
_FIGURE_SLICE = slice(len(ASSIGNMENT_COUNTS) + len(POST_COUNTS), len(COUNT_FIELDS))
_STATE_RANK = {status.value: rank for rank, status in enumerate(AssignmentStatus)}
# total counts every assignment; each later count those at or past its state.
_CUMULATIVE = [(index, _STATE_RANK[name]) for index, name in enumerate(ASSIGNMENT_COUNTS) if index]
_POST_INDEX = {status.value: COUNT_FIELDS.index(f"posts_{status.value}") for status in PostStatus}
CLAIM_BATCH = 2000  # dirty pairs per transaction
BATCH = 1000  # rows per INSERT
_LOCK_NAMESPACE = 0x524F4C4C << 24  # "ROLL": advisory lock keys of the campaigns

Pair = tuple[int, int]  # (satker_id, campaign_id)


def _plus(left: list[int], right: list[int]) -> list[int]:
    return [a + b for a, b in zip(left, right, strict=True)]


class Bucket:
    """Counts, publish delays and the daily engagement changes of one bucket."""

    __slots__ = ("counts", "days", "delays")

    def __init__(self) -> None:
        self.counts = [0] * len(COUNT_FIELDS)
        self.delays: list[int] = []
        self.days: dict[date, list[int]] = {}  # day -> change of each figure that day

    def add(self, other: "Bucket") -> None:
        self.counts = _plus(self.counts, other.counts)
        self.delays.extend(other.delays)
        for day, changes in other.days.items():
            mine = self.days.get(day)
            self.days[day] = list(changes) if mine is None else _plus(mine, changes)

    @property
    def total(self) -> int:
        return self.counts[0]

    def day_values(self) -> list[tuple[date, list[int]]]:
        """The figures as of the end of each day with a change, from the changes."""
        running = [0] * len(FIGURES)
        series = []
        for day in sorted(self.days):
            running = _plus(running, self.days[day])
            series.append((day, running))
        return series


# --- Stage 1: own buckets from the source ----------------------------------------


def compute_own(campaign_ids: Iterable[int], satker_ids: Iterable[int] | None = None) -> dict:
    """The ``own`` buckets of these campaigns (and units), from the source rows.

    Four queries whatever the number of units, posts or snapshots.
    """
    campaign_ids = sorted(set(campaign_ids))
    satker_ids = None if satker_ids is None else sorted(set(satker_ids))
    buckets: dict[Pair, Bucket] = defaultdict(Bucket)
    if not campaign_ids:
        return {}

    assignments = Assignment.objects.filter(campaign_id__in=campaign_ids)
    posts = Post.objects.filter(assignment__campaign_id__in=campaign_ids)
    if satker_ids is not None:
        assignments = assignments.filter(satker_id__in=satker_ids)
        posts = posts.filter(satker_id__in=satker_ids)

    for satker_id, campaign_id, status in assignments.values_list(
        "satker_id", "campaign_id", "status"
    ):
        counts = buckets[(satker_id, campaign_id)].counts
        rank = _STATE_RANK[status]
        counts[0] += 1
        for index, needed in _CUMULATIVE:
            if rank >= needed:
                counts[index] += 1

    published_at = dict(
        Campaign.objects.filter(pk__in=campaign_ids).values_list("pk", "published_at")
    )
    grouped = (
        posts.order_by()
        .values("satker_id", "assignment__campaign_id", "status")
        .annotate(n=Count("pk"), first=Min("published_at"))
    )
    for row in grouped:
        bucket = buckets[(row["satker_id"], row["assignment__campaign_id"])]
        bucket.counts[_POST_INDEX[row["status"]]] += row["n"]
        brief_published = published_at.get(row["assignment__campaign_id"])
        if row["status"] == PostStatus.PUBLISHED and row["first"] and brief_published:
            delay = (row["first"] - brief_published).total_seconds()
            bucket.delays = [max(0, int(delay))]

    for satker_id, campaign_id, day, changes in _daily_changes(campaign_ids, satker_ids):
        bucket = buckets[(satker_id, campaign_id)]
        bucket.days[day] = changes
        figures = bucket.counts[_FIGURE_SLICE]
        bucket.counts[_FIGURE_SLICE] = _plus(figures, changes)
    return dict(buckets)


def _daily_changes(campaign_ids: list[int], satker_ids: list[int] | None):
    """Per (unit, campaign, day): how much the unit's figures changed that day.

    Each post counts with its last snapshot of each day; the change is that minus
    the post's previous day's figures, so the changes of a bucket add up to the sum
    of its posts' latest snapshots, and up to any day to the figures as of that day.
    """
    snapshot, post, assignment = (
        Snapshot._meta.db_table,
        Post._meta.db_table,
        Assignment._meta.db_table,
    )
    day_sql, day_params = connection.ops.datetime_cast_date_sql("s.captured_at", (), DAY_ZONE)
    where = f"a.campaign_id IN ({', '.join(['%s'] * len(campaign_ids))})"
    params = [*day_params, *campaign_ids]
    if satker_ids is not None:
        where += f" AND p.satker_id IN ({', '.join(['%s'] * len(satker_ids))})"
        params += satker_ids
    columns = ", ".join(FIGURES)
    changes = ", ".join(f"{name} - COALESCE(LAG({name}) OVER w, 0) AS {name}" for name in FIGURES)
    sums = ", ".join(f"SUM({name})" for name in FIGURES)
    sql = f"""
        WITH snaps AS (
            SELECT s.post_id, p.satker_id, a.campaign_id, {day_sql} AS day, s.captured_at,
                   {", ".join(f"s.{name}" for name in FIGURES)}
            FROM {snapshot} s
            JOIN {post} p ON p.id = s.post_id
            JOIN {assignment} a ON a.id = p.assignment_id
            WHERE {where}
        ), last_of_day AS (
            SELECT post_id, satker_id, campaign_id, day, {columns},
                   ROW_NUMBER() OVER (
                       PARTITION BY post_id, day ORDER BY captured_at DESC
                   ) AS rn
            FROM snaps
        ), changes AS (
            SELECT satker_id, campaign_id, day, {changes}
            FROM last_of_day WHERE rn = 1
            WINDOW w AS (PARTITION BY post_id ORDER BY day)
        )
        SELECT satker_id, campaign_id, day, {sums}
        FROM changes GROUP BY satker_id, campaign_id, day
    """  # noqa: S608 - table names and placeholders only; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for satker_id, campaign_id, day, *figures in cursor.fetchall():
            if isinstance(day, str):
                day = date.fromisoformat(day)
            elif isinstance(day, datetime):
                day = day.date()
            yield satker_id, campaign_id, day, [int(value) for value in figures]


# --- Stage 2: subtree buckets, added up the tree ----------------------------------


def _units_bottom_up() -> list[tuple[int, int | None]]:
    """(id, parent_id) of every unit, children before their parents."""
    return list(Satker.objects.order_by("-tree_id", "-lft").values_list("pk", "parent_id"))


def add_up_tree(own: dict, units: list[tuple[int, int | None]]) -> dict:
    """The ``subtree`` buckets: each unit's own bucket plus its children's subtrees."""
    by_campaign: dict[int, dict[int, Bucket]] = defaultdict(dict)
    for (satker_id, campaign_id), bucket in own.items():
        by_campaign[campaign_id][satker_id] = bucket
    subtree: dict[Pair, Bucket] = {}
    for campaign_id, own_of_unit in by_campaign.items():
        below: dict[int, Bucket] = {}
        for unit_id, parent_id in units:
            mine, children = own_of_unit.get(unit_id), below.pop(unit_id, None)
            if mine is None and children is None:
                continue
            bucket = children or Bucket()
            if mine is not None:
                bucket.add(mine)
            subtree[(unit_id, campaign_id)] = bucket
            if parent_id is not None:
                below.setdefault(parent_id, Bucket()).add(bucket)
    return subtree


def _ancestors_and_self(unit_ids: set[int], units: list[tuple[int, int | None]]) -> set[int]:
    parent_of = dict(units)
    found: set[int] = set()
    for unit_id in unit_ids:
        while unit_id is not None and unit_id not in found:
            found.add(unit_id)
            unit_id = parent_of.get(unit_id)
    return found


def _stored_own(campaign_ids: list[int]) -> dict:
    """The stored ``own`` buckets of these campaigns, as Buckets (two queries)."""
    own: dict[Pair, Bucket] = {}
    rows = Rollup.objects.filter(scope=RollupScope.OWN, campaign_id__in=campaign_ids)
    for satker_id, campaign_id, delays, *counts in rows.values_list(
        "satker_id", "campaign_id", "publish_delays", *COUNT_FIELDS
    ):
        bucket = own[(satker_id, campaign_id)] = Bucket()
        bucket.counts, bucket.delays = list(counts), list(delays)
    previous: dict[Pair, list[int]] = {}
    days = RollupDay.objects.filter(scope=RollupScope.OWN, campaign_id__in=campaign_ids)
    for satker_id, campaign_id, day, *values in days.order_by("day").values_list(
        "satker_id", "campaign_id", "day", *FIGURES
    ):
        key = (satker_id, campaign_id)
        before = previous.get(key, [0] * len(FIGURES))
        if key in own:
            own[key].days[day] = [a - b for a, b in zip(values, before, strict=True)]
        previous[key] = values
    return own


# --- Writing ----------------------------------------------------------------------


def _write(buckets: dict, scope: str, now: datetime) -> None:
    """Upsert the buckets that have assignments, and their daily rows.

    Call after deleting the buckets' old daily rows (see the callers).
    """
    rows, days = [], []
    for (satker_id, campaign_id), bucket in buckets.items():
        if not bucket.total:
            continue
        rows.append(
            Rollup(
                satker_id=satker_id,
                campaign_id=campaign_id,
                scope=scope,
                computed_at=now,
                publish_delays=sorted(bucket.delays),
                **dict(zip(COUNT_FIELDS, bucket.counts, strict=True)),
            )
        )
        for day, values in bucket.day_values():
            days.append(
                RollupDay(
                    satker_id=satker_id,
                    campaign_id=campaign_id,
                    scope=scope,
                    day=day,
                    computed_at=now,
                    **dict(zip(FIGURES, values, strict=True)),
                )
            )
    Rollup.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["satker", "campaign", "scope"],
        update_fields=[*COUNT_FIELDS, "publish_delays", "computed_at"],
    )
    RollupDay.objects.bulk_create(days, batch_size=BATCH)


def _buckets_q(pairs: Iterable[Pair]) -> Q:
    """Rows of these (unit, campaign) pairs: one condition per campaign."""
    units_of: dict[int, set[int]] = defaultdict(set)
    for satker_id, campaign_id in pairs:
        units_of[campaign_id].add(satker_id)
    condition = Q(pk__in=[])
    for campaign_id, satker_ids in sorted(units_of.items()):
        condition |= Q(campaign_id=campaign_id, satker_id__in=sorted(satker_ids))
    return condition


def _replace(buckets: dict, pairs: set[Pair], scope: str, now: datetime) -> None:
    """Make the stored rows of ``pairs`` (in ``scope``) what ``buckets`` says."""
    if not pairs:
        return
    empty = {pair for pair in pairs if pair not in buckets or not buckets[pair].total}
    if empty:
        Rollup.objects.filter(_buckets_q(empty), scope=scope).delete()
    RollupDay.objects.filter(_buckets_q(pairs), scope=scope).delete()
    _write({pair: buckets[pair] for pair in pairs - empty}, scope, now)


def _lock_campaigns(campaign_ids: list[int]) -> None:
    """Take each campaign's roll-up lock, in order, until the transaction ends."""
    if connection.vendor != "postgresql" or not campaign_ids:
        return  # SQLite runs one writing transaction at a time anyway
    keys = [_LOCK_NAMESPACE + campaign_id for campaign_id in sorted(campaign_ids)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(k)) "
            "FROM (SELECT unnest(%s::bigint[]) AS k ORDER BY 1) AS keys",
            [keys],
        )


def _test_pause() -> None:
    """Tests make a run slow (ROLLUP_TEST_DELAY seconds) to kill its worker mid-way."""
    delay = float(os.environ.get("ROLLUP_TEST_DELAY") or 0)
    if delay > 0:
        logger.warning("Roll-up paused for %s s (ROLLUP_TEST_DELAY)", delay)
        time.sleep(delay)


# --- The runs ----------------------------------------------------------------------


def rollup_mark(pairs: Iterable[Pair]) -> int:
    """Mark (unit, campaign) pairs for the next incremental run; repeats are ignored."""
    marks = [RollupDirty(satker_id=s, campaign_id=c) for s, c in set(pairs)]
    RollupDirty.objects.bulk_create(marks, batch_size=BATCH, ignore_conflicts=True)
    return len(marks)


def rollup_mark_assignments(assignments) -> int:
    """Mark the (unit, campaign) pairs of an Assignment queryset with one INSERT ... SELECT,
    so a brief published to 552 units costs the same queries as one to 4."""
    rows_sql, rows_params = assignments.values("satker_id", "campaign_id").query.sql_with_params()
    table = connection.ops.quote_name(RollupDirty._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (satker_id, campaign_id, marked_at) "  # noqa: S608
            f"SELECT changed.satker_id, changed.campaign_id, %s FROM ({rows_sql}) changed "
            "WHERE true ON CONFLICT DO NOTHING",
            [now, *rows_params],
        )
        return cursor.rowcount


def rollup_mark_posts(post_ids: Iterable[int]) -> int:
    """Mark the (unit, campaign) pairs of these posts (after a report or a state change)."""
    post_ids = sorted(set(post_ids))
    if not post_ids:
        return 0
    pairs = Post.objects.filter(pk__in=post_ids).values_list("satker_id", "assignment__campaign_id")
    return rollup_mark(set(pairs))


def rollup_dirty_run(limit: int = CLAIM_BATCH) -> int:
    """Recompute the buckets marked dirty, ``limit`` pairs per transaction.

    Safe to run twice or at once: each transaction claims its pairs with
    SELECT ... FOR UPDATE SKIP LOCKED and deletes the marks only by committing.
    Returns the number of pairs recomputed.
    """
    done = 0
    while True:
        claimed = _rollup_dirty_batch(limit)
        done += claimed
        if claimed < limit:
            return done


def _rollup_dirty_batch(limit: int) -> int:
    with transaction.atomic():
        marks = list(
            RollupDirty.objects.select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", "satker_id", "campaign_id")[:limit]
        )
        if not marks:
            return 0
        RollupDirty.objects.filter(pk__in=[pk for pk, _, _ in marks]).delete()
        pairs = {(satker_id, campaign_id) for _, satker_id, campaign_id in marks}
        campaign_ids = sorted({campaign_id for _, campaign_id in pairs})
        _lock_campaigns(campaign_ids)
        now = timezone.now()

        own = compute_own(campaign_ids, {satker_id for satker_id, _ in pairs})
        _replace(own, pairs, RollupScope.OWN, now)
        _test_pause()

        units = _units_bottom_up()
        subtree = add_up_tree(_stored_own(campaign_ids), units)
        touched = set()
        for campaign_id in campaign_ids:
            dirty_units = {s for s, c in pairs if c == campaign_id}
            touched |= {(u, campaign_id) for u in _ancestors_and_self(dirty_units, units)}
        _replace(subtree, touched, RollupScope.SUBTREE, now)
    logger.info("Rolled up %d dirty buckets of %d campaigns", len(pairs), len(campaign_ids))
    return len(marks)


def rollup_rebuild() -> int:
    """Recompute every bucket of every campaign from source, in one transaction.

    Returns the number of ``subtree`` rows written.
    """
    with transaction.atomic():
        campaign_ids = sorted(
            Assignment.objects.order_by().values_list("campaign_id", flat=True).distinct()
        )
        _lock_campaigns(campaign_ids)
        now = timezone.now()
        own = compute_own(campaign_ids)
        subtree = add_up_tree(own, _units_bottom_up())
        for scope, buckets in ((RollupScope.OWN, own), (RollupScope.SUBTREE, subtree)):
            RollupDay.objects.filter(scope=scope, campaign_id__in=campaign_ids).delete()
            _write(buckets, scope, now)
            _test_pause()
        # Buckets that no longer have an assignment (a deleted brief takes its rows along).
        Rollup.objects.filter(campaign_id__in=campaign_ids, computed_at__lt=now).delete()
    written = sum(1 for bucket in subtree.values() if bucket.total)
    logger.info("Rebuilt %d roll-ups of %d campaigns", written, len(campaign_ids))
    return written
