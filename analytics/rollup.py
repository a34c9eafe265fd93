"""Roll-ups: each (unit, campaign) bucket recomputed from the source rows, never incremented.

Source rows: assignments (their status), posts (status, published_at) and
snapshots (only each post's latest counts; the daily series counts each post's
latest snapshot captured up to the end of that day, Asia/Jakarta).

A run recomputes a *region* (some campaigns, and some units or all of them) in
three stages, each a few set-based statements inside the database
(analytics.rollup_sql): the ``own`` buckets from the source, the ``subtree``
buckets of those units and their ancestors from the stored ``own`` buckets, and
the all-briefs totals of the same units. Every stage is a pure function of what it
reads and writes with an upsert, then deletes what it no longer produces. Each
transaction that writes roll-ups ends by raising the roll-up generation
(``RollupGeneration``), which the dashboard page's cache is keyed by.

``rollup_dirty_run`` (incremental) claims the (unit, campaign) pairs that reports
marked dirty and recomputes that region. ``rollup_rebuild`` recomputes every
campaign, a batch of campaigns per transaction. Each transaction holds a lock per
campaign (PostgreSQL advisory locks) and, for the totals, one lock shared by all,
so concurrent runs take turns and each reads what the previous one committed; a run
that dies is rolled back whole, its dirty marks included, and the next run redoes
it. However often and in whatever order they run, the stored rows equal a
recompute from source.
"""

import logging
import os
import time
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Assignment
from content.models import Post

from . import rollup_sql as sql
from .rollup_models import (
    Rollup,
    RollupDay,
    RollupDirty,
    RollupPlatform,
    RollupPublished,
    RollupScope,
)

logger = logging.getLogger(__name__)

CLAIM_BATCH = 2000  # dirty pairs per transaction
REBUILD_BATCH = 50  # campaigns per transaction of a full rebuild
BATCH = 1000  # rows per INSERT of dirty marks
_LOCK_NAMESPACE = 0x524F4C4C << 24  # "ROLL": advisory lock keys of the campaigns
_TOTALS_LOCK = _LOCK_NAMESPACE - 1  # the all-briefs totals span every campaign

Pair = tuple[int, int]  # (satker_id, campaign_id)


# --- Regions and the stages ------------------------------------------------------------


def _ancestors_and_self(unit_ids: Iterable[int]) -> tuple[int, ...]:
    """These units and every unit above them (one query on the nested-set bounds)."""
    unit_ids = sorted(set(unit_ids))
    if not unit_ids:
        return ()
    rows = sql.fetch(
        f"SELECT DISTINCT up.id FROM {sql.T['satker']} unit "  # noqa: S608 - ints only
        f"JOIN {sql.T['satker']} up ON up.tree_id = unit.tree_id "
        "AND up.lft <= unit.lft AND up.rght >= unit.rght "
        f"WHERE unit.id IN ({sql.ids_sql(unit_ids)})"
    )
    return tuple(sorted(row[0] for row in rows))


def _recompute(region: sql.Region, above_units: tuple[int, ...] | None, now) -> bool:
    """Stages 1 and 2: own rows of ``region``, subtree rows of its campaigns for
    ``above_units`` (the region's units and their ancestors; None: all). Returns
    whether any publish delay changed."""
    dialect, stamp = sql.Dialect(), connection.ops.adapt_datetimefield_value(now)
    sql.start_transaction()
    sql.make_tree_table()
    sql.temp_table(sql.NEW_OWN_DAY, sql.own_day_select(region, dialect))
    sql.temp_table(sql.NEW_OWN, sql.own_select(region, dialect))
    delays_changed = sql.delays_change(region)
    sql.replace_rows(RollupScope.OWN, region, sql.NEW_OWN, stamp)
    sql.replace_days(RollupScope.OWN, region, sql.NEW_OWN_DAY, stamp)
    _test_pause()

    above = sql.Region(region.campaign_ids, above_units)
    sql.temp_table(sql.NEW_SUBTREE, sql.subtree_select(above, dialect))
    sql.temp_table(sql.NEW_SUBTREE_DAY, sql.subtree_day_select(above))
    sql.replace_rows(RollupScope.SUBTREE, above, sql.NEW_SUBTREE, stamp)
    sql.replace_days(RollupScope.SUBTREE, above, sql.NEW_SUBTREE_DAY, stamp)
    sql.temp_table(sql.NEW_PLATFORM, sql.platform_select(above, dialect))
    sql.temp_table(sql.NEW_PUBLISHED, sql.published_select(above, dialect))
    sql.replace_platforms(above, sql.NEW_PLATFORM, stamp)
    sql.replace_published(above, sql.NEW_PUBLISHED, stamp)
    sql.drop_temp_tables()
    return delays_changed


def _refresh_totals(satker_ids: tuple[int, ...] | None, now, medians: bool) -> None:
    """Stage 3 for these units (None: all), under the totals lock."""
    _lock(_TOTALS_LOCK)
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql.replace_totals(satker_ids, stamp)
    sql.replace_total_days(satker_ids, stamp)
    if medians:
        sql.replace_medians(satker_ids)
    sql.drop_temp_tables()
    sql.raise_generation(stamp)  # last: the transaction commits next


def _lock(*keys: int) -> None:
    """Take these advisory locks, in order, until the transaction ends."""
    if connection.vendor != "postgresql" or not keys:
        return  # SQLite runs one writing transaction at a time anyway
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(k)) "
            "FROM (SELECT unnest(%s::bigint[]) AS k ORDER BY 1) AS keys",
            [sorted(keys)],
        )


def _lock_campaigns(campaign_ids: Iterable[int]) -> None:
    """Take each campaign's roll-up lock, in order, until the transaction ends."""
    _lock(*(_LOCK_NAMESPACE + campaign_id for campaign_id in campaign_ids))


def _test_pause() -> None:
    """Tests make a run slow (ROLLUP_TEST_DELAY seconds) to kill its worker mid-way."""
    delay = float(os.environ.get("ROLLUP_TEST_DELAY") or 0)
    if delay > 0:
        logger.warning("Roll-up paused for %s s (ROLLUP_TEST_DELAY)", delay)
        time.sleep(delay)


# --- The runs ----------------------------------------------------------------------


# A mark already there is touched, not skipped: the touch locks it until the marking
# transaction commits, and a run claims marks with SKIP LOCKED, so no run can consume
# a mark before the change it stands for is visible. (Skipped, a run could claim it,
# read the source without the uncommitted change, and leave nothing marked.)


def rollup_mark(pairs: Iterable[Pair]) -> int:
    """Mark (unit, campaign) pairs for the next incremental run."""
    marks = [RollupDirty(satker_id=s, campaign_id=c) for s, c in sorted(set(pairs))]
    RollupDirty.objects.bulk_create(
        marks,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["satker", "campaign"],
        update_fields=["marked_at"],
    )
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
            # In key order, as rollup_mark: two markers touch shared marks in one order.
            "WHERE true ORDER BY 1, 2 ON CONFLICT (satker_id, campaign_id) DO UPDATE "
            "SET marked_at = excluded.marked_at",
            [now, *rows_params],
        )
        return cursor.rowcount


def rollup_mark_posts(post_ids: Iterable[int]) -> int:
    """Mark the (unit, campaign) pairs of these posts (after a report or a state change),
    with one INSERT ... SELECT that reaches the assignments through the posts' keys."""
    post_ids = sorted(set(post_ids))
    if not post_ids:
        return 0
    posts = Post.objects.filter(pk__in=post_ids).values("assignment_id")
    return rollup_mark_assignments(Assignment.objects.filter(pk__in=posts))


def rollup_dirty_run(limit: int = CLAIM_BATCH) -> int:
    """Recompute the buckets marked dirty, ``limit`` pairs per transaction.

    Safe to run twice or at once: each transaction claims its pairs with
    SELECT ... FOR UPDATE SKIP LOCKED and deletes the marks only by committing.
    Also refreshes the all-briefs totals whose overdue figure a due time overtook
    (beat runs this every minute). Returns the number of pairs recomputed.
    """
    done = 0
    while True:
        claimed = _rollup_dirty_batch(limit)
        done += claimed
        if claimed < limit:
            break
    _refresh_stale_totals()
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
        campaign_ids = tuple(sorted({campaign_id for _, _, campaign_id in marks}))
        # Every dirty unit for every dirty campaign: a bucket recomputed needlessly is
        # still right, and the region stays two id lists.
        satker_ids = tuple(sorted({satker_id for _, satker_id, _ in marks}))
        _lock_campaigns(campaign_ids)
        now = timezone.now()
        above_units = _ancestors_and_self(satker_ids)
        delays_changed = _recompute(sql.Region(campaign_ids, satker_ids), above_units, now)
        _refresh_totals(above_units, now, medians=delays_changed)
    logger.info("Rolled up %d dirty buckets of %d campaigns", len(marks), len(campaign_ids))
    return len(marks)


def _refresh_stale_totals() -> None:
    with transaction.atomic():
        now = timezone.now()
        stale = sql.stale_totals(connection.ops.adapt_datetimefield_value(now))
        if stale:
            _refresh_totals(tuple(stale), now, medians=False)


def rollup_rebuild() -> int:
    """Recompute every bucket of every campaign from source.

    A batch of campaigns per transaction (so memory and lock time stay flat however
    many briefs there are), then every unit's totals. Returns the number of
    ``subtree`` rows stored.
    """
    campaign_ids = sorted(
        Assignment.objects.order_by().values_list("campaign_id", flat=True).distinct()
    )
    for start in range(0, len(campaign_ids), REBUILD_BATCH):
        batch = tuple(campaign_ids[start : start + REBUILD_BATCH])
        with transaction.atomic():
            _lock_campaigns(batch)
            now = timezone.now()
            _recompute(sql.Region(batch), None, now)
            sql.raise_generation(connection.ops.adapt_datetimefield_value(now))
    with transaction.atomic():
        # Rows of campaigns that no longer have an assignment (a deleted brief takes
        # its rows along; this catches anything else).
        for model in (Rollup, RollupDay, RollupPlatform, RollupPublished):
            model.objects.exclude(campaign_id__in=campaign_ids).delete()
        _refresh_totals(None, timezone.now(), medians=True)
    sql.analyze_tables()  # the dashboards' plans depend on the tables' sizes
    written = Rollup.objects.filter(scope=RollupScope.SUBTREE).count()
    logger.info("Rebuilt %d roll-ups of %d campaigns", written, len(campaign_ids))
    return written
