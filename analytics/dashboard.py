"""Reads of the stored roll-ups for a unit's subtree: what the dashboards show.

A dashboard reads a few roll-up rows (the unit's and its children's ``subtree``
buckets), never the source rows: the same number of queries for a regency and for
the nation. Overdue is worked out here from the brief's due time, since it
depends on the clock: every assignment not yet published once the brief is due.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from django.db.models import Q
from django.utils import timezone

from campaigns.models import Campaign
from content.choices import PostStatus
from satker.models import Satker

from .models import FIGURES
from .rollup_models import ASSIGNMENT_COUNTS, POST_COUNTS, Rollup, RollupDay, RollupScope

_COUNTS = [*ASSIGNMENT_COUNTS, *POST_COUNTS, *FIGURES]


@dataclass
class DashboardRow:
    """The roll-up of one unit's subtree, summed over the campaigns asked for."""

    satker: Satker
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_COUNTS, 0))
    overdue: int = 0
    publish_delays: list[int] = field(default_factory=list)
    as_of: datetime | None = None
    children: list["DashboardRow"] = field(default_factory=list)

    def add(self, values: dict, overdue: bool, delays: list[int], computed_at) -> None:
        for name in _COUNTS:
            self.counts[name] += values[name]
        if overdue:
            self.overdue += values["total"] - values["published"]
        self.publish_delays.extend(delays)
        # The oldest computation among the rows shown: every figure is at least this fresh.
        self.as_of = computed_at if self.as_of is None else min(self.as_of, computed_at)

    @property
    def median_hours_to_publish(self) -> float | None:
        """Median time from the brief's publication to each unit's first published post."""
        if not self.publish_delays:
            return None
        return round(median(self.publish_delays) / 3600, 1)

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


def dashboard_rows(unit: Satker, campaign: Campaign | None = None, now=None) -> DashboardRow:
    """The roll-up of ``unit``'s subtree and of each child's, for one campaign or all.

    Two queries whatever the tree's size: the children, and the roll-up rows of the
    unit and its children (with each brief's due time).
    """
    now = now or timezone.now()
    children = list(unit.get_children().order_by("code"))
    rows = {unit.pk: DashboardRow(satker=unit)}
    rows.update({child.pk: DashboardRow(satker=child) for child in children})
    stored = Rollup.objects.filter(scope=RollupScope.SUBTREE, satker_id__in=list(rows))
    if campaign is not None:
        stored = stored.filter(campaign=campaign)
    for values in stored.values(
        "satker_id", "campaign__due_at", "publish_delays", "computed_at", *_COUNTS
    ):
        rows[values["satker_id"]].add(
            values,
            overdue=values["campaign__due_at"] < now,
            delays=values["publish_delays"],
            computed_at=values["computed_at"],
        )
    top = rows[unit.pk]
    top.children = [rows[child.pk] for child in children]
    return top


def engagement_trend(
    unit: Satker,
    campaign: Campaign | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[tuple[date, dict[str, int]]]:
    """The subtree's engagement as of the end of each day from ``start`` to ``end``.

    Stored daily rows are sparse (a row per day with a change); days between them
    carry the figures forward. One query. Without ``start``, from the first day
    with a figure; without ``end``, to the last.
    """
    condition = Q(scope=RollupScope.SUBTREE, satker=unit)
    if campaign is not None:
        condition &= Q(campaign=campaign)
    if end is not None:
        condition &= Q(day__lte=end)
    rows = (
        RollupDay.objects.filter(condition)
        .order_by("day")
        .values_list("campaign_id", "day", *FIGURES)
    )
    latest: dict[int, list[int]] = {}  # campaign -> its figures as of the day reached
    changes: list[tuple[date, int, list[int]]] = [(day, c, list(v)) for c, day, *v in rows]
    if not changes:
        return []
    first, last = changes[0][0], changes[-1][0]
    start, end = start or first, end or last
    series, index = [], 0
    day = min(start, first)
    while day <= end:
        while index < len(changes) and changes[index][0] <= day:
            _, campaign_id, values = changes[index]
            latest[campaign_id] = values
            index += 1
        if day >= start:
            totals = [sum(column) for column in zip(*latest.values(), strict=True)] or [0] * len(
                FIGURES
            )
            series.append((day, dict(zip(FIGURES, totals, strict=True))))
        day = date.fromordinal(day.toordinal() + 1)
    return series
