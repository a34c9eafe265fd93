"""The roll-up statements: every bucket computed inside the database, set-based.

analytics.rollup decides *which* buckets to recompute (a region: some campaigns,
optionally some units); this module says *how*, as a few SQL statements per stage
that never bring a source row into Python:

1. ``own`` daily rows: each post's last snapshot of each day (Asia/Jakarta), its
   change from the day before, summed per (unit, campaign, day) and added up over
   the days. The ``own`` rows take their engagement from each bucket's last day,
   so the snapshots are read once.
2. ``subtree`` rows and daily rows: the stored ``own`` rows (and the day-to-day
   changes of the stored ``own`` daily rows) of every unit below, joined through
   the (unit, ancestor) pairs of ``TREE`` and summed.
3. ``RollupTotal``: each unit's ``subtree`` rows summed over every campaign;
   ``RollupTotalDay``: its own daily rows of every campaign plus its children's
   stored series, a level of the tree at a time from the leaves up.

Each stage computes its rows into a temporary table, upserts them (daily rows only
where a figure differs) and deletes the region's stored rows that it did not
produce, so a stage is a pure function of what it reads and may run any number
of times. The SQL is standard apart from a few fragments (``Dialect``), written
for PostgreSQL (production, CI) and SQLite (the embedded demo default).
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

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
    RollupGeneration,
    RollupPlatform,
    RollupPublished,
    RollupTotal,
    RollupTotalDay,
)

COUNTS = [*ASSIGNMENT_COUNTS, *POST_COUNTS]
COLUMNS = [*COUNTS, *FIGURES]
# Assignment counts are cumulative: "acknowledged" counts every state from it on.
_STATES = [status.value for status in AssignmentStatus]
_AT_LEAST = {name: _STATES[_STATES.index(name) :] for name in ASSIGNMENT_COUNTS[1:]}

T = {
    "snapshot": Snapshot._meta.db_table,
    "post": Post._meta.db_table,
    "assignment": Assignment._meta.db_table,
    "campaign": Campaign._meta.db_table,
    "satker": Satker._meta.db_table,
    "rollup": Rollup._meta.db_table,
    "day": RollupDay._meta.db_table,
    "total": RollupTotal._meta.db_table,
    "total_day": RollupTotalDay._meta.db_table,
    "platform": RollupPlatform._meta.db_table,
    "published": RollupPublished._meta.db_table,
    "generation": RollupGeneration._meta.db_table,
}
NEW_OWN, NEW_OWN_DAY = "rollup_new_own", "rollup_new_own_day"
NEW_SUBTREE, NEW_SUBTREE_DAY = "rollup_new_subtree", "rollup_new_subtree_day"
NEW_PLATFORM, NEW_PUBLISHED = "rollup_new_platform", "rollup_new_published"
NEW_TOTAL_DAY = "rollup_new_total_day"
WORK_MEM = "64MB"  # per sort or hash of a roll-up statement; 2 worker processes
TREE = "rollup_tree"  # (unit_id, up_id): each unit with itself and every unit above it


@dataclass(frozen=True)
class Region:
    """The buckets a run recomputes: these campaigns, and these units (None: all)."""

    campaign_ids: tuple[int, ...]
    satker_ids: tuple[int, ...] | None = None

    def where(self, alias: str, unit_column: str = "satker_id") -> str:
        """The SQL condition on ``alias``'s rows (ids are ints from the database)."""
        condition = f"{alias}.campaign_id IN ({ids_sql(self.campaign_ids)})"
        if self.satker_ids is not None:
            condition += f" AND {alias}.{unit_column} IN ({ids_sql(self.satker_ids)})"
        return condition


def ids_sql(ids: Iterable[int]) -> str:
    return ", ".join(str(int(value)) for value in ids) or "NULL"


class Dialect:
    """The few fragments PostgreSQL and SQLite spell differently."""

    def __init__(self) -> None:
        self.postgresql = connection.vendor == "postgresql"

    def local_day(self, column: str) -> str:
        """The calendar day of a timestamp in the centre's zone (DAY_ZONE)."""
        sql, params = connection.ops.datetime_cast_date_sql(column, (), settings.TIME_ZONE)
        # Zone names are settings, not input: inline them (checked) instead of threading
        # parameters through nested CTEs.
        for param in params:
            assert all(c.isalnum() or c in "/_+-" for c in param), param
            sql = sql.replace("%s", f"'{param}'", 1)
        return sql

    def seconds_between(self, later: str, earlier: str) -> str:
        """Whole seconds from ``earlier`` to ``later`` (NULL if either is), never below 0."""
        if self.postgresql:
            seconds = f"FLOOR(EXTRACT(EPOCH FROM ({later} - {earlier})))::bigint"
        else:  # julianday is in days; go through whole milliseconds to avoid float noise
            seconds = (
                f"(CAST(ROUND((julianday({later}) - julianday({earlier})) * 86400000)"
                " AS INTEGER) / 1000)"
            )
        return f"CASE WHEN {seconds} < 0 THEN 0 ELSE {seconds} END"

    def list_of_one(self, value: str) -> str:
        """A JSON list holding ``value``, or an empty list when it is NULL."""
        if self.postgresql:
            return f"CASE WHEN {value} IS NULL THEN '[]'::jsonb ELSE jsonb_build_array({value}) END"
        return f"CASE WHEN {value} IS NULL THEN '[]' ELSE json_array({value}) END"

    def first_of_list(self, column: str) -> str:
        if self.postgresql:
            return f"({column}->>0)::bigint"
        return f"json_extract({column}, '$[0]')"

    def sorted_list(self, value: str) -> str:
        """The JSON list of the group's non-NULL values in ascending order.

        SQLite (3.40) has no ORDER BY inside an aggregate: its callers feed the rows
        already sorted by group and value, which its GROUP BY keeps.
        """
        if self.postgresql:
            return (
                f"COALESCE(jsonb_agg({value} ORDER BY {value}) "
                f"FILTER (WHERE {value} IS NOT NULL), '[]'::jsonb)"
            )
        return f"json_group_array({value}) FILTER (WHERE {value} IS NOT NULL)"

    def empty_list(self) -> str:
        return "'[]'::jsonb" if self.postgresql else "'[]'"

    def latest_per(self, partition: str, order: str, columns: str, source: str) -> str:
        """The last row (by ``order``) of each ``partition`` of ``source``."""
        if self.postgresql:  # DISTINCT ON sorts once, the same order LAG needs next
            return (
                f"SELECT DISTINCT ON ({partition}) {columns} FROM {source} "
                f"ORDER BY {partition}, {order} DESC"
            )
        return (
            f"SELECT {columns} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY {partition} "
            f"ORDER BY {order} DESC) AS rn FROM {source}) AS ranked WHERE rn = 1"
        )


def _sums(prefix: str = "", cast: bool = False) -> str:
    """SUM of each column (figures cast back to bigint: PostgreSQL sums them as numeric)."""
    parts = []
    for name in COLUMNS:
        total = f"SUM({prefix}{name})"
        parts.append(f"CAST({total} AS BIGINT) AS {name}" if cast else f"{total} AS {name}")
    return ", ".join(parts)


def _figure_list(prefix: str = "") -> str:
    return ", ".join(f"{prefix}{name}" for name in FIGURES)


# The three steps of every daily series: figures as of a day -> their change from
# the row before (window ``w``) -> changes summed per day -> added up over the days.


def _day_changes(prefix: str = "") -> str:
    return ", ".join(f"{prefix}{n} - COALESCE(LAG({prefix}{n}) OVER w, 0) AS {n}" for n in FIGURES)


def _day_sums(prefix: str = "") -> str:
    return ", ".join(f"SUM({prefix}{n}) AS {n}" for n in FIGURES)


def _running_sums() -> str:
    return ", ".join(f"CAST(SUM({n}) OVER w AS BIGINT) AS {n}" for n in FIGURES)


def _run(sql: str, params: Iterable = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.rowcount


def fetch(sql: str, params: Iterable = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def start_transaction() -> None:
    """Per roll-up transaction: room to sort and hash in memory (PostgreSQL)."""
    if connection.vendor == "postgresql":
        _run(f"SET LOCAL work_mem = '{WORK_MEM}'")


def temp_table(name: str, select_sql: str) -> None:
    _run(f"DROP TABLE IF EXISTS {name}")
    _run(f"CREATE TEMP TABLE {name} AS {select_sql}")
    if connection.vendor == "postgresql":
        _run(f"ANALYZE {name}")  # the upsert and delete below plan with its real size


def raise_generation(now_param) -> None:
    """Count this transaction as one more that changed the roll-ups (on its commit).

    An upsert, so no migration has to seed the row; the row stays locked until the
    commit, which follows at once, so concurrent runs queue here only briefly.
    """
    table = T["generation"]
    _run(
        f"INSERT INTO {table} (id, value, changed_at) VALUES (%s, 1, %s) "
        f"ON CONFLICT (id) DO UPDATE SET value = {table}.value + 1, "
        "changed_at = excluded.changed_at",
        [RollupGeneration.ROW, now_param],
    )


def analyze_tables() -> None:
    """Fresh planner statistics for the roll-up tables (PostgreSQL; sampled, quick)."""
    if connection.vendor == "postgresql":
        for key in ("rollup", "day", "total", "total_day", "platform", "published"):
            _run(f"ANALYZE {T[key]}")


def drop_temp_tables() -> None:
    for name in (
        NEW_OWN, NEW_OWN_DAY, NEW_SUBTREE, NEW_SUBTREE_DAY, NEW_PLATFORM, NEW_PUBLISHED,
        NEW_TOTAL_DAY, TREE,
    ):  # fmt: skip
        _run(f"DROP TABLE IF EXISTS {name}")


# --- Stage 1: own rows from the source ---------------------------------------------


def own_day_select(region: Region, dialect: Dialect) -> str:
    """(satker_id, campaign_id, day, figures as of that day's end) of the region's units."""
    figures = _figure_list()
    changes, day_sums, running = _day_changes(), _day_sums(), _running_sums()
    snaps = f"""(
        SELECT s.post_id, p.satker_id, a.campaign_id, {dialect.local_day("s.captured_at")} AS day,
               s.captured_at, {_figure_list("s.")}
        FROM {T["snapshot"]} s
        JOIN {T["post"]} p ON p.id = s.post_id
        JOIN {T["assignment"]} a ON a.id = p.assignment_id
        WHERE {region.where("a", "satker_id")}
    ) AS snaps"""
    last_of_day = dialect.latest_per(
        "post_id, day", "captured_at", f"post_id, satker_id, campaign_id, day, {figures}", snaps
    )
    return f"""
        WITH last_of_day AS ({last_of_day}),
        changes AS (
            SELECT satker_id, campaign_id, day, {changes}
            FROM last_of_day WINDOW w AS (PARTITION BY post_id ORDER BY day)
        ),
        per_day AS (
            SELECT satker_id, campaign_id, day, {day_sums}
            FROM changes GROUP BY satker_id, campaign_id, day
        )
        SELECT satker_id, campaign_id, day, {running}
        FROM per_day WINDOW w AS (PARTITION BY satker_id, campaign_id ORDER BY day)
    """


def own_select(region: Region, dialect: Dialect) -> str:
    """Own rows of the region: assignment and post counts, engagement, publish delay.

    Reads the engagement from ``NEW_OWN_DAY`` (each bucket's last day).
    """
    assignment_counts = ", ".join(
        f"SUM(CASE WHEN a.status IN ({', '.join(repr(s) for s in states)}) THEN 1 ELSE 0 END)"
        f" AS {name}"
        for name, states in _AT_LEAST.items()
    )
    post_counts = ", ".join(
        f"SUM(CASE WHEN p.status = '{status.value}' THEN 1 ELSE 0 END) AS posts_{status.value}"
        for status in PostStatus
    )
    published = PostStatus.PUBLISHED.value
    last_day = dialect.latest_per(
        "satker_id, campaign_id", "day", f"satker_id, campaign_id, {_figure_list()}", NEW_OWN_DAY
    )
    delay = dialect.seconds_between("pst.first_published", "c.published_at")
    return f"""
        WITH asg AS (
            SELECT a.satker_id, a.campaign_id, COUNT(*) AS total, {assignment_counts}
            FROM {T["assignment"]} a WHERE {region.where("a")}
            GROUP BY a.satker_id, a.campaign_id
        ), pst AS (
            SELECT p.satker_id, a.campaign_id, {post_counts},
                   MIN(CASE WHEN p.status = '{published}' THEN p.published_at END)
                       AS first_published
            FROM {T["post"]} p JOIN {T["assignment"]} a ON a.id = p.assignment_id
            WHERE {region.where("a")}
            GROUP BY p.satker_id, a.campaign_id
        ), eng AS ({last_day})
        SELECT asg.satker_id, asg.campaign_id,
               {", ".join(f"asg.{name}" for name in ASSIGNMENT_COUNTS)},
               {", ".join(f"COALESCE(pst.{name}, 0) AS {name}" for name in POST_COUNTS)},
               {", ".join(f"COALESCE(eng.{name}, 0) AS {name}" for name in FIGURES)},
               {dialect.list_of_one(delay)} AS publish_delays
        FROM asg
        JOIN {T["campaign"]} c ON c.id = asg.campaign_id
        LEFT JOIN pst ON pst.satker_id = asg.satker_id AND pst.campaign_id = asg.campaign_id
        LEFT JOIN eng ON eng.satker_id = asg.satker_id AND eng.campaign_id = asg.campaign_id
    """


def delays_change(region: Region) -> bool:
    """Whether the freshly computed own rows change any stored publish delay.

    Only then do the all-briefs medians need the (costlier) recompute.
    """
    rollup, empty = T["rollup"], Dialect().empty_list()
    changed = fetch(
        f"""
        SELECT 1 FROM {NEW_OWN} n
        LEFT JOIN {rollup} r ON r.satker_id = n.satker_id AND r.campaign_id = n.campaign_id
            AND r.scope = 'own'
        WHERE (r.id IS NULL AND n.publish_delays <> {empty})
           OR r.publish_delays <> n.publish_delays
        UNION ALL
        SELECT 1 FROM {rollup} r
        WHERE r.scope = 'own' AND {region.where("r")} AND r.publish_delays <> {empty}
          AND NOT EXISTS (SELECT 1 FROM {NEW_OWN} n
                          WHERE n.satker_id = r.satker_id AND n.campaign_id = r.campaign_id)
        LIMIT 1
        """
    )
    return bool(changed)


# --- Stage 2: subtree rows from the stored own rows --------------------------------

# Through the pairs of TREE, joined on equality: joined on the nested-set bounds
# directly, the planner can only hash on tree_id (one tree: every pair) and filters
# rows x units.
_UP_THE_TREE = f"JOIN {TREE} up ON up.unit_id = o.satker_id"


def make_tree_table() -> None:
    """TREE for this transaction: ~1,600 pairs for the 553 units, up the parent links
    (a nested-set self-join would compare every unit with every other)."""
    satker = T["satker"]
    temp_table(
        TREE,
        f"""WITH RECURSIVE pairs (unit_id, up_id, next_id) AS (
            SELECT id, id, parent_id FROM {satker}
            UNION ALL
            SELECT pairs.unit_id, up.id, up.parent_id
            FROM pairs JOIN {satker} up ON up.id = pairs.next_id
        )
        SELECT unit_id, up_id FROM pairs""",
    )


def _units_condition(column: str, satker_ids: tuple[int, ...] | None) -> str:
    return "" if satker_ids is None else f" AND {column} IN ({ids_sql(satker_ids)})"


def subtree_select(region: Region, dialect: Dialect) -> str:
    """Subtree rows of the region's units: their stored own rows and those below, summed."""
    delay = dialect.first_of_list("o.publish_delays")
    # SQLite's aggregate must see each group's delays in order (see Dialect.sorted_list).
    order = "" if dialect.postgresql else "ORDER BY up.up_id, o.campaign_id, delay"
    below = f"""(
        SELECT up.up_id AS satker_id, o.campaign_id, {", ".join(f"o.{n}" for n in COLUMNS)},
               {delay} AS delay
        FROM {T["rollup"]} o {_UP_THE_TREE}
        WHERE o.scope = 'own' AND o.campaign_id IN ({ids_sql(region.campaign_ids)})
              {_units_condition("up.up_id", region.satker_ids)}
        {order}
    ) AS below"""
    return f"""
        SELECT satker_id, campaign_id, {_sums(cast=True)},
               {dialect.sorted_list("delay")} AS publish_delays
        FROM {below} GROUP BY satker_id, campaign_id
    """


def subtree_day_select(region: Region) -> str:
    """Subtree daily rows: the day-to-day changes of the stored own daily rows below,
    summed per day and added up over the days."""
    changes, day_sums, running = _day_changes("o."), _day_sums("o."), _running_sums()
    return f"""
        WITH own_changes AS (
            SELECT o.satker_id, o.campaign_id, o.day, {changes}
            FROM {T["day"]} o
            WHERE o.scope = 'own' AND o.campaign_id IN ({ids_sql(region.campaign_ids)})
            WINDOW w AS (PARTITION BY o.satker_id, o.campaign_id ORDER BY o.day)
        ), up_changes AS (
            SELECT up.up_id AS satker_id, o.campaign_id, o.day, {day_sums}
            FROM own_changes o {_UP_THE_TREE}
            WHERE 1 = 1 {_units_condition("up.up_id", region.satker_ids)}
            GROUP BY up.up_id, o.campaign_id, o.day
        )
        SELECT satker_id, campaign_id, day, {running}
        FROM up_changes WINDOW w AS (PARTITION BY satker_id, campaign_id ORDER BY day)
    """


# --- Writing a stage ------------------------------------------------------------------


def replace(
    table: str,
    keys: list[str],
    values: list[str],
    computed: str,
    region: str,
    now_param,
    fixed: dict[str, str] | None = None,
    skip_unchanged: bool = False,
) -> None:
    """Make ``table``'s rows within ``region`` (an SQL condition on the table) exactly
    the rows of the temporary table ``computed``: upsert them, delete the others (or,
    when nothing is stored in ``region`` yet, insert them).

    ``fixed`` columns take a constant (the scope); with ``skip_unchanged`` a row whose
    values are the same is not rewritten (nor its ``computed_at``).
    """
    fixed = fixed or {}
    columns = [*keys, *fixed, *values, "computed_at"]
    selected = [*keys, *fixed.values(), *values, "%s"]
    scoped = "".join(f" AND {table}.{n} = {v}" for n, v in fixed.items())
    if not fetch(f"SELECT 1 FROM {table} WHERE {region} {scoped} LIMIT 1"):
        # Nothing stored here yet (the first build, a new brief): plain inserts, cheaper
        # than an upsert's speculative ones, and nothing to delete. The run's advisory
        # locks (the region's campaigns, or the totals') keep other writers out.
        _run(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(selected)} FROM {computed}",
            [now_param],
        )
        return
    conflict = [*keys, *fixed]
    updates = ", ".join(f"{n} = excluded.{n}" for n in [*values, "computed_at"])
    differs = " OR ".join(f"{table}.{n} <> excluded.{n}" for n in values)
    _run(
        f"""
        INSERT INTO {table} ({", ".join(columns)})
        SELECT {", ".join(selected)} FROM {computed}
        WHERE true
        ON CONFLICT ({", ".join(conflict)}) DO UPDATE SET {updates}
        {f"WHERE {differs}" if skip_unchanged else ""}
        """,  # the first WHERE lets SQLite tell the SELECT from ON CONFLICT
        [now_param],
    )
    match = " AND ".join(f"n.{key} = {table}.{key}" for key in keys)
    _run(
        f"""
        DELETE FROM {table} WHERE {region} {scoped}
        AND NOT EXISTS (SELECT 1 FROM {computed} n WHERE {match})
        """
    )


def replace_rows(scope: str, region: Region, computed: str, now_param) -> None:
    """The stored ``scope`` rows of ``region``; always rewritten (``computed_at`` is the
    "as of" the dashboards show)."""
    table = T["rollup"]
    keys = ["satker_id", "campaign_id"]
    values = [*COLUMNS, "publish_delays"]
    replace(table, keys, values, computed, region.where(table), now_param, {"scope": f"'{scope}'"})


def replace_days(scope: str, region: Region, computed: str, now_param) -> None:
    """The same for daily rows; a day whose figures did not change is not rewritten."""
    table = T["day"]
    keys = ["satker_id", "campaign_id", "day"]
    replace(
        table, keys, FIGURES, computed, region.where(table), now_param,
        {"scope": f"'{scope}'"}, skip_unchanged=True,
    )  # fmt: skip


# --- Stage 2b: per platform and posts published per day, from the source --------------


def platform_select(region: Region, dialect: Dialect) -> str:
    """Per (unit of the region, campaign, platform): its subtree's posts, published
    posts, and engagement (each post's latest snapshot)."""
    campaigns = ids_sql(region.campaign_ids)
    latest = dialect.latest_per(
        "post_id",
        "captured_at",
        f"post_id, {_figure_list()}",
        f"""(SELECT s.post_id, s.captured_at, {_figure_list("s.")}
             FROM {T["snapshot"]} s JOIN {T["post"]} p ON p.id = s.post_id
             JOIN {T["assignment"]} a ON a.id = p.assignment_id
             WHERE a.campaign_id IN ({campaigns})) AS snaps""",
    )
    published = PostStatus.PUBLISHED.value
    figures = ", ".join(f"CAST(SUM(COALESCE(l.{n}, 0)) AS BIGINT) AS {n}" for n in FIGURES)
    return f"""
        WITH latest AS ({latest})
        SELECT up.up_id AS satker_id, a.campaign_id, p.platform, COUNT(*) AS posts,
               SUM(CASE WHEN p.status = '{published}' THEN 1 ELSE 0 END) AS posts_published,
               {figures}
        FROM {T["post"]} p JOIN {T["assignment"]} a ON a.id = p.assignment_id
        JOIN {TREE} up ON up.unit_id = p.satker_id
        LEFT JOIN latest l ON l.post_id = p.id
        WHERE a.campaign_id IN ({campaigns}) {_units_condition("up.up_id", region.satker_ids)}
        GROUP BY up.up_id, a.campaign_id, p.platform
    """


def published_select(region: Region, dialect: Dialect) -> str:
    """Per (unit of the region, campaign, day): posts of its subtree published that day."""
    return f"""
        SELECT up.up_id AS satker_id, a.campaign_id,
               {dialect.local_day("p.published_at")} AS day, COUNT(*) AS posts
        FROM {T["post"]} p JOIN {T["assignment"]} a ON a.id = p.assignment_id
        JOIN {TREE} up ON up.unit_id = p.satker_id
        WHERE a.campaign_id IN ({ids_sql(region.campaign_ids)})
              AND p.status = '{PostStatus.PUBLISHED.value}' AND p.published_at IS NOT NULL
              {_units_condition("up.up_id", region.satker_ids)}
        GROUP BY up.up_id, a.campaign_id, {dialect.local_day("p.published_at")}
    """


def replace_platforms(region: Region, computed: str, now_param) -> None:
    table = T["platform"]
    keys = ["satker_id", "campaign_id", "platform"]
    values = ["posts", "posts_published", *FIGURES]
    replace(table, keys, values, computed, region.where(table), now_param, skip_unchanged=True)


def replace_published(region: Region, computed: str, now_param) -> None:
    table = T["published"]
    keys = ["satker_id", "campaign_id", "day"]
    replace(table, keys, ["posts"], computed, region.where(table), now_param, skip_unchanged=True)


# --- Stage 3: the all-briefs totals ------------------------------------------------------


def replace_totals(satker_ids: tuple[int, ...] | None, now_param) -> None:
    """Each unit's subtree rows summed over every campaign, with overdue as of now."""
    updates = ", ".join(
        f"{n} = excluded.{n}" for n in [*COLUMNS, "overdue", "overdue_until", "computed_at"]
    )
    where = _units_condition("r.satker_id", satker_ids)
    _run(
        f"""
        INSERT INTO {T["total"]} ({", ".join(COLUMNS)}, satker_id, overdue, overdue_until,
                                  computed_at)
        SELECT {_sums("r.", cast=True)}, r.satker_id,
               SUM(CASE WHEN c.due_at < %s THEN r.total - r.published ELSE 0 END),
               MIN(CASE WHEN c.due_at >= %s THEN c.due_at END), %s
        FROM {T["rollup"]} r JOIN {T["campaign"]} c ON c.id = r.campaign_id
        WHERE r.scope = 'subtree' {where}
        GROUP BY r.satker_id
        ON CONFLICT (satker_id) DO UPDATE SET {updates}
        """,
        [now_param, now_param, now_param],
    )
    _run(
        f"""
        DELETE FROM {T["total"]} WHERE 1 = 1 {_units_condition("satker_id", satker_ids)}
        AND NOT EXISTS (SELECT 1 FROM {T["rollup"]} r
                        WHERE r.scope = 'subtree' AND r.satker_id = {T["total"]}.satker_id)
        """
    )


def total_day_select(units: tuple[int, ...]) -> str:
    """Per (unit, day): the unit's subtree engagement over every campaign as of that
    day's end. Its parts are the unit's own daily rows of each campaign and its
    children's stored series (one level down, computed before this one); each part's
    day-to-day changes are summed per day and added up over the days. Reading the
    children's series instead of every campaign's subtree rows keeps the nation at
    38 series, not one per brief."""
    changes, day_sums, running = _day_changes(), _day_sums(), _running_sums()
    figures = _figure_list()
    return f"""
        WITH parts AS (
            SELECT satker_id, 0 AS kind, campaign_id AS part, day, {figures}
            FROM {T["day"]} WHERE scope = 'own' AND satker_id IN ({ids_sql(units)})
            UNION ALL
            SELECT child.parent_id, 1, t.satker_id, t.day, {_figure_list("t.")}
            FROM {T["total_day"]} t JOIN {T["satker"]} child ON child.id = t.satker_id
            WHERE child.parent_id IN ({ids_sql(units)})
        ), changes AS (
            SELECT satker_id, day, {changes} FROM parts
            WINDOW w AS (PARTITION BY satker_id, kind, part ORDER BY day)
        ), per_day AS (
            SELECT satker_id, day, {day_sums} FROM changes GROUP BY satker_id, day
        )
        SELECT satker_id, day, {running}
        FROM per_day WINDOW w AS (PARTITION BY satker_id ORDER BY day)
    """


def replace_total_days(satker_ids: tuple[int, ...] | None, now_param) -> None:
    """The all-briefs daily series of these units (None: all), a level of the tree at a
    time, deepest first: each level reads the series of the level below it.

    A unit's children outside ``satker_ids`` keep their stored series: a run passes
    the units it changed with all their ancestors, so those children did not change.
    """
    table = T["total_day"]
    levels: dict[int, list[int]] = {}
    for unit_id, level in fetch(
        f"SELECT id, level FROM {T['satker']} WHERE 1 = 1 {_units_condition('id', satker_ids)}"
    ):
        levels.setdefault(level, []).append(unit_id)
    for level in sorted(levels, reverse=True):
        units = tuple(sorted(levels[level]))
        temp_table(NEW_TOTAL_DAY, total_day_select(units))
        region = f"{table}.satker_id IN ({ids_sql(units)})"
        replace(
            table, ["satker_id", "day"], FIGURES, NEW_TOTAL_DAY, region, now_param,
            skip_unchanged=True,
        )  # fmt: skip


def replace_medians(satker_ids: tuple[int, ...] | None) -> None:
    """The median publish delay of each unit's subtree over every campaign."""
    dialect, total = Dialect(), T["total"]
    make_tree_table()
    delay = dialect.first_of_list("o.publish_delays")
    units = _units_condition("up.up_id", satker_ids)
    _run(
        f"UPDATE {total} SET median_publish_delay = NULL "
        f"WHERE 1 = 1 {_units_condition('satker_id', satker_ids)}"
    )
    delays_below = f"""
        FROM {T["rollup"]} o {_UP_THE_TREE}
        WHERE o.scope = 'own' AND o.publish_delays <> {dialect.empty_list()} {units}
    """
    if dialect.postgresql:
        _run(
            f"""
            UPDATE {total} t SET median_publish_delay = m.median
            FROM (SELECT up.up_id AS satker_id,
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY {delay}) AS median
                  {delays_below} GROUP BY up.up_id) AS m
            WHERE m.satker_id = t.satker_id
            """
        )
        return
    # SQLite has no percentile: its data sets are the demo's, so do it here.
    delays: dict[int, list[int]] = {}
    for satker_id, value in fetch(f"SELECT up.up_id, {delay} {delays_below}"):
        delays.setdefault(satker_id, []).append(value)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {total} SET median_publish_delay = %s WHERE satker_id = %s",
            [(float(statistics.median(values)), unit) for unit, values in delays.items()],
        )


def stale_totals(now_param) -> list[int]:
    """Units whose stored overdue figure a brief's due time has overtaken."""
    return [
        row[0]
        for row in fetch(
            f"SELECT satker_id FROM {T['total']} WHERE overdue_until < %s",
            [now_param],
        )
    ]
