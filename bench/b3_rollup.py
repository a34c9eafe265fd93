"""B3: a full roll-up, against a hand-written SQL floor and a naive per-unit ORM loop.

- candidate: analytics.rollup.rollup_rebuild (every ``own`` and ``subtree`` bucket
  per unit and campaign, with the daily series), run twice: on empty roll-up tables
  and again over the stored rows (what the periodic rebuild does);
- floor: one SQL statement computing the same figures (every ``own`` and
  ``subtree`` row and daily row: each post's last snapshot of each day via DISTINCT
  ON, its changes summed per unit, up the tree through the nested-set bounds and
  over the days) into a temporary table without indexes;
- baseline: a loop over the 553 units, each with get_descendants(), three
  aggregate queries grouped by campaign (assignments, posts by status, latest
  snapshots) and its subtree's snapshots read in order for the daily series: the
  subtree rows and daily rows (not the own, per-platform or all-briefs ones).

The figures of the nation and every province, per campaign, must agree across the
three; the floor and the rebuild must also agree on every row and daily row
(counts and sums per scope).
"""

import zoneinfo
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum

from analytics import rollup, rollup_sql
from analytics.models import FIGURES, Snapshot
from analytics.rollup_models import (
    ASSIGNMENT_COUNTS,
    POST_COUNTS,
    Rollup,
    RollupDay,
    RollupPlatform,
    RollupPublished,
    RollupScope,
    RollupTotal,
    RollupTotalDay,
)
from campaigns.models import Assignment, Campaign
from content.choices import PostStatus
from content.models import Post
from satker.models import Satker

from .measure import Results, measured, ms, ratio, s

DAY_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
FIELDS = [*ASSIGNMENT_COUNTS, *POST_COUNTS, *FIGURES]
_AT_LEAST = {
    "acknowledged": ("acknowledged", "submitted", "approved", "published"),
    "submitted": ("submitted", "approved", "published"),
    "approved": ("approved", "published"),
    "published": ("published",),
}


def floor_sql() -> str:
    """One statement computing every figure the rebuild stores, into a temporary table.

    The rows (``day`` NULL) and the daily rows, ``own`` and ``subtree``: each post's
    last snapshot of each day (DISTINCT ON), its change from the day before, summed
    per unit and day, added up the tree through the nested-set bounds and over the
    days; counts and the sorted publish delays per bucket. Then what the dashboards
    also read: per platform, posts published per day, and per unit the all-briefs
    totals (overdue, median delay) and daily series. No index, no upsert.
    """
    assignment, post, snapshot, satker, campaign = (
        Assignment._meta.db_table,
        Post._meta.db_table,
        Snapshot._meta.db_table,
        Satker._meta.db_table,
        Campaign._meta.db_table,
    )
    day = f"(s.captured_at AT TIME ZONE '{settings.TIME_ZONE}')::date"
    counts = ",\n".join(
        f"count(*) FILTER (WHERE a.status IN ({', '.join(repr(v) for v in states)})) AS {name}"
        for name, states in _AT_LEAST.items()
    )
    post_counts = ",\n".join(
        f"count(*) FILTER (WHERE p.status = '{status.value}') AS posts_{status.value}"
        for status in PostStatus
    )
    figures = ", ".join(FIGURES)
    changes = ", ".join(f"{n} - COALESCE(LAG({n}) OVER w, 0) AS {n}" for n in FIGURES)
    sum_figures = ", ".join(f"sum({n}) AS {n}" for n in FIGURES)
    running = ", ".join(f"sum({n}) OVER w AS {n}" for n in FIGURES)
    count_sums = ", ".join(f"sum({n}) AS {n}" for n in [*ASSIGNMENT_COUNTS, *POST_COUNTS])
    own_counts = ", ".join([*ASSIGNMENT_COUNTS, *POST_COUNTS])
    nulls = ", ".join(f"NULL::bigint AS {n}" for n in [*ASSIGNMENT_COUNTS, *POST_COUNTS])
    published = PostStatus.PUBLISHED.value
    published_day = f"(p.published_at AT TIME ZONE '{settings.TIME_ZONE}')::date"
    # platform, posts, published posts, overdue, median: only some branches have them
    no_extras = (
        "NULL::text AS platform, NULL::bigint AS posts, NULL::bigint AS published_posts, "
        "NULL::bigint AS overdue, NULL::float8 AS median"
    )
    return f"""
        CREATE TEMP TABLE bench_floor AS
        WITH last_of_day AS (
            SELECT DISTINCT ON (s.post_id, {day}) s.post_id, p.satker_id, a.campaign_id,
                   {day} AS day, {", ".join(f"s.{n}" for n in FIGURES)}
            FROM {snapshot} s JOIN {post} p ON p.id = s.post_id
            JOIN {assignment} a ON a.id = p.assignment_id
            ORDER BY s.post_id, {day}, s.captured_at DESC
        ), own_changes AS (
            SELECT satker_id, campaign_id, day, {sum_figures}
            FROM (SELECT satker_id, campaign_id, day, {changes} FROM last_of_day
                  WINDOW w AS (PARTITION BY post_id ORDER BY day)) AS per_post
            GROUP BY satker_id, campaign_id, day
        ), tree AS (
            SELECT unit.id AS unit_id, up.id AS up_id
            FROM {satker} unit JOIN {satker} up ON up.tree_id = unit.tree_id
                AND up.lft <= unit.lft AND up.rght >= unit.rght
        ), day_changes AS (
            SELECT 'own' AS scope, satker_id, campaign_id, day, {figures} FROM own_changes
            UNION ALL
            SELECT 'subtree', t.up_id, c.campaign_id, c.day, {sum_figures}
            FROM own_changes c JOIN tree t ON t.unit_id = c.satker_id
            GROUP BY t.up_id, c.campaign_id, c.day
        ), days AS (
            SELECT scope, satker_id, campaign_id, day, {running} FROM day_changes
            WINDOW w AS (PARTITION BY scope, satker_id, campaign_id ORDER BY day)
        ), own_rows AS (
            SELECT q.satker_id, q.campaign_id, {", ".join(f"q.{n}" for n in ASSIGNMENT_COUNTS)},
                   {", ".join(f"COALESCE(r.{n}, 0) AS {n}" for n in POST_COUNTS)},
                   {", ".join(f"COALESCE(e.{n}, 0) AS {n}" for n in FIGURES)},
                   CASE WHEN r.first_published IS NULL THEN NULL ELSE GREATEST(0, FLOOR(
                       EXTRACT(EPOCH FROM r.first_published - k.published_at)))::bigint
                   END AS delay
            FROM (SELECT a.satker_id, a.campaign_id, count(*) AS total, {counts}
                  FROM {assignment} a GROUP BY a.satker_id, a.campaign_id) AS q
            JOIN {campaign} k ON k.id = q.campaign_id
            LEFT JOIN (SELECT p.satker_id, a.campaign_id, {post_counts},
                              min(p.published_at) FILTER (WHERE p.status = '{published}')
                                  AS first_published
                       FROM {post} p JOIN {assignment} a ON a.id = p.assignment_id
                       GROUP BY p.satker_id, a.campaign_id) AS r
                ON r.satker_id = q.satker_id AND r.campaign_id = q.campaign_id
            LEFT JOIN (SELECT satker_id, campaign_id, {sum_figures} FROM own_changes
                       GROUP BY satker_id, campaign_id) AS e
                ON e.satker_id = q.satker_id AND e.campaign_id = q.campaign_id
        ), subtree_rows AS (
            SELECT t.up_id AS satker_id, o.campaign_id, {count_sums}, {sum_figures},
                   COALESCE(jsonb_agg(o.delay ORDER BY o.delay)
                            FILTER (WHERE o.delay IS NOT NULL), '[]'::jsonb) AS publish_delays
            FROM own_rows o JOIN tree t ON t.unit_id = o.satker_id
            GROUP BY t.up_id, o.campaign_id
        ), post_latest AS (
            SELECT DISTINCT ON (post_id) post_id, {figures} FROM last_of_day
            ORDER BY post_id, day DESC
        ), total_day_changes AS (
            SELECT satker_id, day, {sum_figures}
            FROM (SELECT satker_id, day, {changes} FROM days WHERE scope = 'subtree'
                  WINDOW w AS (PARTITION BY satker_id, campaign_id ORDER BY day)) AS per_brief
            GROUP BY satker_id, day
        )
        SELECT 'subtree' AS scope, satker_id, campaign_id, NULL::date AS day,
               {own_counts}, {figures}, publish_delays, {no_extras}
        FROM subtree_rows
        UNION ALL
        SELECT 'own', o.satker_id, o.campaign_id, NULL, {own_counts}, {figures},
               CASE WHEN o.delay IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(o.delay) END,
               {no_extras}
        FROM own_rows o
        UNION ALL
        SELECT scope, satker_id, campaign_id, day, {nulls}, {figures}, NULL, {no_extras}
        FROM days
        UNION ALL
        SELECT 'platform', t.up_id, a.campaign_id, NULL, {nulls},
               {", ".join(f"sum(COALESCE(l.{n}, 0)) AS {n}" for n in FIGURES)}, NULL,
               p.platform, count(*), count(*) FILTER (WHERE p.status = '{published}'), NULL, NULL
        FROM {post} p JOIN {assignment} a ON a.id = p.assignment_id
        JOIN tree t ON t.unit_id = p.satker_id LEFT JOIN post_latest l ON l.post_id = p.id
        GROUP BY t.up_id, a.campaign_id, p.platform
        UNION ALL
        SELECT 'published', t.up_id, a.campaign_id, {published_day}, {nulls},
               {", ".join(f"NULL::numeric AS {n}" for n in FIGURES)}, NULL,
               NULL, count(*), NULL, NULL, NULL
        FROM {post} p JOIN {assignment} a ON a.id = p.assignment_id
        JOIN tree t ON t.unit_id = p.satker_id
        WHERE p.status = '{published}' AND p.published_at IS NOT NULL
        GROUP BY t.up_id, a.campaign_id, {published_day}
        UNION ALL
        SELECT 'total', r.satker_id, NULL, NULL, {count_sums}, {sum_figures}, NULL, NULL,
               NULL, NULL,
               sum(CASE WHEN k.due_at < now() THEN r.total - r.published ELSE 0 END),
               (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY o.delay)
                FROM own_rows o JOIN tree t ON t.unit_id = o.satker_id
                WHERE t.up_id = r.satker_id)
        FROM subtree_rows r JOIN {campaign} k ON k.id = r.campaign_id
        GROUP BY r.satker_id
        UNION ALL
        SELECT 'total', satker_id, NULL, day, {nulls}, {running}, NULL, {no_extras}
        FROM total_day_changes WINDOW w AS (PARTITION BY satker_id ORDER BY day)
    """  # noqa: S608 - table names only


def _run_floor() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # The same memory per sort and hash as the roll-up's own transactions.
        cursor.execute(f"SET LOCAL work_mem = '{rollup_sql.WORK_MEM}'")
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute(floor_sql())


def floor_figures(unit_ids: list[int]) -> dict[tuple[int, int], tuple[int, ...]]:
    """(unit, campaign) -> the subtree figures the floor computed."""
    sums = ", ".join(f"{name}::bigint" for name in FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT satker_id, campaign_id, {sums} FROM bench_floor "  # noqa: S608
            "WHERE satker_id = ANY(%s) AND scope = 'subtree' AND day IS NULL",
            [unit_ids],
        )
        return {(row[0], row[1]): tuple(int(v) for v in row[2:]) for row in cursor.fetchall()}


_SHAPE = (
    "count(*), COALESCE(sum(impressions), 0)::bigint, COALESCE(sum(views), 0)::bigint, "
    "COALESCE(sum({delays}), 0)::bigint, COALESCE(sum({posts}), 0)::bigint, "
    "COALESCE(sum({overdue}), 0)::bigint"
)


def floor_shape() -> dict:
    """Per kind of row, and rows or daily rows: how many, impressions, views, publish
    delays, posts and overdue summed."""
    shape = _SHAPE.format(
        delays="jsonb_array_length(COALESCE(publish_delays, '[]'))",
        posts="posts",
        overdue="overdue",
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scope, day IS NULL, {shape} FROM bench_floor GROUP BY 1, 2")  # noqa: S608
        return {(scope, rows): tuple(int(v) for v in rest) for scope, rows, *rest in cursor}


def stored_shape() -> dict:
    """The same of the stored roll-ups."""
    tables = [  # (kind, rows or daily rows, table, grouped by scope, delays, posts, overdue)
        (None, True, Rollup, "jsonb_array_length(publish_delays)", "0", "0"),
        (None, False, RollupDay, "0", "0", "0"),
        ("platform", True, RollupPlatform, "0", "posts", "0"),
        ("published", False, RollupPublished, "0", "posts", "0"),
        ("total", True, RollupTotal, "0", "0", "overdue"),
        ("total", False, RollupTotalDay, "0", "0", "0"),
    ]
    found = {}
    with connection.cursor() as cursor:
        for kind, rows, model, delays, posts, overdue in tables:
            shape = _SHAPE.format(delays=delays, posts=posts, overdue=overdue)
            if model is RollupPublished:
                shape = shape.replace("sum(impressions)", "0").replace("sum(views)", "0")
            scope = "scope" if kind is None else f"'{kind}'"
            cursor.execute(
                f"SELECT {scope}, {shape} FROM {model._meta.db_table} GROUP BY 1"  # noqa: S608
            )
            found.update({(name, rows): tuple(int(v) for v in rest) for name, *rest in cursor})
    return found


def rollup_figures(unit_ids: list[int]) -> dict[tuple[int, int], tuple[int, ...]]:
    rows = Rollup.objects.filter(scope=RollupScope.SUBTREE, satker_id__in=unit_ids)
    return {
        (satker_id, campaign_id): tuple(int(v) for v in values)
        for satker_id, campaign_id, *values in rows.values_list("satker_id", "campaign_id", *FIELDS)
    }


def stored_series(unit_ids: list[int]) -> dict[tuple[int, int, date], list[int]]:
    rows = RollupDay.objects.filter(scope=RollupScope.SUBTREE, satker_id__in=unit_ids)
    return {
        (satker_id, campaign_id, day): list(values)
        for satker_id, campaign_id, day, *values in rows.values_list(
            "satker_id", "campaign_id", "day", *FIGURES
        )
    }


def per_unit(figures: dict[tuple[int, int], tuple[int, ...]]) -> dict[int, tuple[int, ...]]:
    """(unit, campaign) figures summed over the campaigns."""
    totals: dict[int, list[int]] = {}
    for (unit_id, _), values in figures.items():
        found = totals.setdefault(unit_id, [0] * len(values))
        totals[unit_id] = [a + b for a, b in zip(found, values, strict=True)]
    return {unit_id: tuple(values) for unit_id, values in totals.items()}


def floor_totals(unit_ids: list[int]) -> dict[int, tuple[int, ...]]:
    return per_unit(floor_figures(unit_ids))


def rollup_totals(unit_ids: list[int]) -> dict[int, tuple[int, ...]]:
    return per_unit(rollup_figures(unit_ids))


def naive_days(below) -> dict[tuple[int, date], list[int]]:
    """The subtree's daily series per campaign the obvious way: every snapshot of its
    posts, oldest first, each post's last one of each day carried into the day's
    total. (campaign, day) -> figures as of that day's end."""
    snapshots = (
        Snapshot.objects.filter(post__satker__in=below)
        .order_by("post__assignment__campaign_id", "captured_at")
        .values_list("post_id", "post__assignment__campaign_id", "captured_at", *FIGURES)
    )
    series: dict[tuple[int, date], list[int]] = {}
    current: dict[int, list[int]] = {}  # post -> its latest figures so far
    totals: dict[int, list[int]] = {}  # campaign -> its posts' latest figures, summed
    for post_id, campaign_id, captured_at, *figures in snapshots.iterator(chunk_size=20_000):
        before = current.get(post_id, [0] * len(FIGURES))
        total = totals.setdefault(campaign_id, [0] * len(FIGURES))
        totals[campaign_id] = [t + f - b for t, f, b in zip(total, figures, before, strict=True)]
        current[post_id] = figures
        series[(campaign_id, captured_at.astimezone(DAY_ZONE).date())] = totals[campaign_id]
    return series


def naive_unit(unit: Satker) -> tuple[dict, dict]:
    """One unit's subtree figures per campaign the obvious way: get_descendants(), three
    aggregate queries grouped by campaign, and its snapshots for the daily series.
    Returns ({(unit, campaign): figures}, {(unit, campaign, day): figures})."""
    below = unit.get_descendants(include_self=True)
    figures: dict[int, dict] = {}
    assignments = (
        Assignment.objects.filter(satker__in=below)
        .order_by()
        .values("campaign_id")
        .annotate(
            total=Count("pk"),
            **{n: Count("pk", filter=Q(status__in=states)) for n, states in _AT_LEAST.items()},
        )
    )
    for row in assignments:
        figures[row.pop("campaign_id")] = dict(row)
    posts = (
        Post.objects.filter(satker__in=below)
        .order_by()
        .values_list("assignment__campaign_id", "status")
        .annotate(n=Count("pk"))
    )
    for campaign_id, status, n in posts:
        figures[campaign_id][f"posts_{status}"] = n
    latest = (
        Snapshot.objects.filter(post_id=OuterRef("post_id"))
        .order_by("-captured_at")
        .values("pk")[:1]
    )
    engagement = (
        Snapshot.objects.filter(post__satker__in=below, pk=Subquery(latest))
        .order_by()
        .values("post__assignment__campaign_id")
        .annotate(**{name: Sum(name) for name in FIGURES})
    )
    for row in engagement:
        figures[row.pop("post__assignment__campaign_id")].update(row)
    rows = {
        (unit.pk, campaign_id): tuple(int(values.get(name) or 0) for name in FIELDS)
        for campaign_id, values in figures.items()
    }
    days = {(unit.pk, *key): values for key, values in naive_days(below).items()}
    return rows, days


def run(results: Results) -> None:
    units = list(Satker.objects.order_by("tree_id", "lft"))
    compared = [unit.pk for unit in units if unit.level <= 1]  # the nation and 38 provinces

    with measured() as first:
        written = rollup.rollup_rebuild()
    with measured() as again:  # what beat's periodic rebuild does
        rollup.rollup_rebuild()
    candidate = rollup_figures(compared)

    _run_floor()  # warm the same pages as the candidate had
    with measured() as floor:
        _run_floor()
    floor_result = floor_figures(compared)
    # The same figures, every one: as many rows of each kind, the same sums.
    assert floor_shape() == stored_shape(), (floor_shape(), stored_shape())

    naive: dict[tuple[int, int], tuple[int, ...]] = {}
    naive_series: dict[tuple[int, int, date], list[int]] = {}
    with measured() as loop:
        for unit in units:
            rows, days = naive_unit(unit)
            naive.update(rows)
            if unit.pk in compared:  # kept only where compared: millions on --full
                naive_series.update(days)

    # Every (unit, campaign) of the nation and the provinces, all three ways.
    assert candidate == floor_result, "the rebuild and the floor disagree"
    assert candidate == {key: naive[key] for key in candidate}, "the naive loop disagrees"
    assert stored_series(compared) == {
        key: values for key, values in naive_series.items() if key[0] in compared
    }, "the naive loop's daily series disagree"

    over_floor = ratio(again.seconds, floor.seconds)
    speedup = ratio(loop.seconds, again.seconds)
    national = dict(zip(FIELDS, per_unit(candidate)[units[0].pk], strict=True))
    results.row(
        "B3",
        f"rollup_rebuild, empty tables ({written:,} subtree rows)",
        s(first.seconds),
        f"{first.queries} queries",
    )
    results.row(
        "B3",
        "rollup_rebuild over stored rows (periodic rebuild)",
        s(again.seconds),
        f"{again.queries} queries",
    )
    results.row(
        "B3",
        "  SQL floor (DISTINCT ON, up the tree, one statement)",
        ms(floor.seconds),
        "same rows of every kind, into a temp table",
    )
    results.row(
        "B3", "  naive per-unit ORM loop (baseline)", s(loop.seconds), f"{loop.queries} queries"
    )
    results.row(
        "B3",
        "  rebuild / SQL floor",
        f"{over_floor}x",
        f"{ratio(first.seconds, floor.seconds)}x on empty tables",
    )
    results.row("B3", "  naive loop / rebuild (speed-up)", f"{speedup}x")
    results.figures["B3"] = {
        "subtree_rows": written,
        "rebuild_empty_ms": round(first.seconds * 1000, 1),
        "rebuild_empty_queries": first.queries,
        "rebuild_ms": round(again.seconds * 1000, 1),
        "rebuild_empty_over_floor": ratio(first.seconds, floor.seconds),
        "rebuild_queries": again.queries,
        "floor_ms": round(floor.seconds * 1000, 1),
        "naive_ms": round(loop.seconds * 1000, 1),
        "naive_queries": loop.queries,
        "rebuild_over_floor": over_floor,
        "naive_over_rebuild": speedup,
        "compared_units": len(compared),
        "identical_totals": True,
        "national": national,
    }
    results.target(
        "B3",
        "within 1.5x of the SQL floor and >= 20x faster than the naive loop",
        f"{over_floor}x the floor; naive loop {speedup}x slower",
        over_floor <= 1.5 and speedup >= 20,
    )
