"""Reads of the stored roll-ups for a unit's subtree: what the dashboards show.

A dashboard reads a few roll-up rows, never the source rows: for one brief, the
unit's and its children's ``subtree`` buckets of that brief; for all briefs, their
``RollupTotal`` rows. The same number of queries for a regency and for the nation.
Overdue depends on the clock (every assignment not yet published once its brief
is due): worked out here from the brief's due time, or for all briefs read from
the stored total unless a due time has passed since it was computed.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from django.db.models import F, Sum
from django.utils import timezone

from campaigns.models import Campaign
from content.choices import PostStatus
from satker.models import Satker

from .models import FIGURES
from .rollup_models import (
    ASSIGNMENT_COUNTS,
    POST_COUNTS,
    Rollup,
    RollupDay,
    RollupScope,
    RollupTotal,
    RollupTotalDay,
)

_COUNTS = [*ASSIGNMENT_COUNTS, *POST_COUNTS, *FIGURES]


@dataclass
class DashboardRow:
    """The roll-up of one unit's subtree, summed over the campaigns asked for."""

    satker: Satker
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_COUNTS, 0))
    overdue: int = 0
    median_delay: float | None = None  # seconds
    as_of: datetime | None = None
    # The next instant at which the clock alone changes this row (a brief falling due
    # makes its unpublished assignments overdue); None: no such instant is known.
    changes_at: datetime | None = None
    children: list["DashboardRow"] = field(default_factory=list)

    @property
    def next_change(self) -> datetime | None:
        """The next instant the clock alone changes this row or a child's."""
        instants = [row.changes_at for row in (self, *self.children) if row.changes_at]
        return min(instants, default=None)

    def fill(self, values: dict, overdue: int, median_delay, computed_at, changes_at) -> None:
        self.counts = {name: values[name] for name in _COUNTS}
        self.overdue, self.median_delay, self.as_of = overdue, median_delay, computed_at
        self.changes_at = changes_at

    @property
    def median_hours_to_publish(self) -> float | None:
        """Median time from the brief's publication to each unit's first published post."""
        if self.median_delay is None:
            return None
        return round(self.median_delay / 3600, 1)

    def share(self, name: str) -> int:
        total = self.counts["total"]
        return round(100 * self.counts[name] / total) if total else 0

    def as_dict(self, with_children: bool = True) -> dict:
        data = {
            "satker": {"id": self.satker.pk, "code": self.satker.code, "name": self.satker.name},
            **{name: self.counts[name] for name in ASSIGNMENT_COUNTS},
            "overdue": self.overdue,
            "posts": {status.value: self.counts[f"posts_{status.value}"] for status in PostStatus},
            "engagement": {name: self.counts[name] for name in FIGURES},
            "median_hours_to_publish": self.median_hours_to_publish,
        }
        if with_children:
            data["children"] = [child.as_dict(with_children=False) for child in self.children]
            data["as_of"] = self.as_of
        return data


def dashboard_rows(
    unit: Satker,
    campaign: Campaign | None = None,
    now=None,
    children: list[Satker] | None = None,
) -> DashboardRow:
    """The roll-up of ``unit``'s subtree and of each child's, for one campaign or all.

    Two queries whatever the tree's size: the children (none when the caller read
    them with the unit), and one stored row for the unit and each child (one more,
    rarely: see ``_overdue_now``).
    """
    now = now or timezone.now()
    if children is None:
        children = list(unit.get_children().order_by("code"))
    rows = {unit.pk: DashboardRow(satker=unit)}
    rows.update({child.pk: DashboardRow(satker=child) for child in children})
    if campaign is None:
        _fill_all_briefs(rows, now)
    else:
        _fill_one_brief(rows, campaign, now)
    top = rows[unit.pk]
    top.children = [rows[child.pk] for child in children]
    return top


def _fill_one_brief(rows: dict[int, DashboardRow], campaign: Campaign, now) -> None:
    stored = Rollup.objects.filter(
        scope=RollupScope.SUBTREE, campaign=campaign, satker_id__in=list(rows)
    )
    due = campaign.due_at < now
    for values in stored.values("satker_id", "publish_delays", "computed_at", *_COUNTS):
        delays = values["publish_delays"]
        rows[values["satker_id"]].fill(
            values,
            overdue=values["total"] - values["published"] if due else 0,
            median_delay=float(median(delays)) if delays else None,
            computed_at=values["computed_at"],
            changes_at=None if due else campaign.due_at,
        )


def _fill_all_briefs(rows: dict[int, DashboardRow], now) -> None:
    stored = list(
        RollupTotal.objects.filter(satker_id__in=list(rows)).values(
            "satker_id", "overdue", "overdue_until", "median_publish_delay", "computed_at", *_COUNTS
        )
    )
    stale = [v["satker_id"] for v in stored if v["overdue_until"] and v["overdue_until"] < now]
    recounted = _overdue_now(stale, now) if stale else {}
    for values in stored:
        until = values["overdue_until"]
        rows[values["satker_id"]].fill(
            values,
            overdue=recounted.get(values["satker_id"], values["overdue"]),
            median_delay=values["median_publish_delay"],
            computed_at=values["computed_at"],
            changes_at=until if until and until >= now else None,
        )


def _overdue_now(satker_ids: list[int], now) -> dict[int, int]:
    """Overdue over all briefs, for totals a due time overtook since they were computed
    (until the roll-up sweep, within a minute, refreshes them)."""
    rows = (
        Rollup.objects.filter(
            scope=RollupScope.SUBTREE, satker_id__in=satker_ids, campaign__due_at__lt=now
        )
        .values("satker_id")
        .annotate(overdue=Sum(F("total") - F("published")))
        .order_by()
    )
    found = {row["satker_id"]: row["overdue"] for row in rows}
    return {satker_id: found.get(satker_id, 0) for satker_id in satker_ids}


def engagement_trend(
    unit: Satker,
    campaign: Campaign | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[tuple[date, dict[str, int]]]:
    """The subtree's engagement as of the end of each day from ``start`` to ``end``,
    or to the last day with a change if that comes first (and is not before ``start``).

    One query: the subtree's daily rows of the brief, or for all briefs its
    RollupTotalDay rows. Stored daily rows are sparse (a row per day with a change);
    days between them carry the figures forward. Without ``start``, from the first
    day with a figure; without ``end``, to the last.
    """
    if campaign is None:
        rows = RollupTotalDay.objects.filter(satker=unit)
    else:
        rows = RollupDay.objects.filter(scope=RollupScope.SUBTREE, satker=unit, campaign=campaign)
    if end is not None:
        rows = rows.filter(day__lte=end)
    changes = [
        (day, list(values)) for day, *values in rows.order_by("day").values_list("day", *FIGURES)
    ]
    if not changes:
        return []
    start = start or changes[0][0]
    # After the last change (or ``start``, if later) every day repeats it: callers
    # carry it on, so a far ``end`` costs nothing.
    end = min(end, max(start, changes[-1][0])) if end else changes[-1][0]
    series, index, current = [], 0, [0] * len(FIGURES)
    day = min(start, changes[0][0])
    while day <= end:
        while index < len(changes) and changes[index][0] <= day:
            current = changes[index][1]
            index += 1
        if day >= start:
            series.append((day, dict(zip(FIGURES, current, strict=True))))
        day = date.fromordinal(day.toordinal() + 1)
    return series
