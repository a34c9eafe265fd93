"""Which units need support (DESIGN.md §5, "Capacity and connectivity").

A unit needs support when its completion is low together with low capacity or poor
connectivity: its profile (satker.capacity) says why it may struggle, its
assignments say that it does. Completion is the share of the unit's own
assignments, among those whose brief is already due, that have a published post.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from campaigns.choices import AssignmentStatus
from campaigns.models import Assignment
from satker import capacity, scope
from satker.capacity import Connectivity
from satker.models import Satker, UnitProfile

# Completion below this share of due assignments is low.
LOW_COMPLETION_BELOW = 0.5


@dataclass(frozen=True)
class UnitSupport:
    unit: Satker
    assessed: bool  # the unit has filled in its profile
    connectivity: str  # a Connectivity value, "" when not assessed
    covered: int | None  # skills covered (satker.capacity), None without a profile
    due: int  # the unit's own assignments whose brief is due
    published: int  # of those, the ones with a published post

    @property
    def completion(self) -> float | None:
        return self.published / self.due if self.due else None

    @property
    def low_completion(self) -> bool:
        return self.completion is not None and self.completion < LOW_COMPLETION_BELOW

    @property
    def low_capacity(self) -> bool:
        return self.covered is not None and capacity.is_low_capacity(self.covered)

    @property
    def poor_connectivity(self) -> bool:
        return self.connectivity == Connectivity.POOR

    @property
    def needs_support(self) -> bool:
        return self.low_completion and (self.low_capacity or self.poor_connectivity)

    @property
    def connectivity_label(self) -> str:
        return Connectivity(self.connectivity).label if self.connectivity else ""


def units_below(root: Satker, *, now: datetime, level: int | None = None) -> list[UnitSupport]:
    """Every unit below ``root`` (not ``root`` itself), in tree order, with what says
    whether it needs support. Three queries, whatever the number of units."""
    units = Satker.objects.filter(scope.subtree_q(root)).exclude(pk=root.pk)
    if level is not None:
        units = units.filter(level=level)
    units = list(units.order_by("tree_id", "lft"))
    profiles = _profiles(root)
    progress = _progress(root, now)
    rows = []
    for unit in units:
        profile = profiles.get(unit.pk)
        due, published = progress.get(unit.pk, (0, 0))
        rows.append(
            UnitSupport(
                unit=unit,
                assessed=profile is not None,
                connectivity=profile.connectivity if profile else "",
                covered=profile.covered if profile else None,
                due=due,
                published=published,
            )
        )
    return rows


def by_urgency(rows: list[UnitSupport]) -> list[UnitSupport]:
    """Units needing support first, then the lowest completion, then by code."""

    def key(row: UnitSupport):
        completion = row.completion if row.completion is not None else 2.0
        return (not row.needs_support, completion, row.unit.code)

    return sorted(rows, key=key)


def _profiles(root: Satker) -> dict[int, UnitProfile]:
    # satker.capacity.is_covered, counted in the database.
    covered = Q(skills__staff__gt=0, skills__level__gte=capacity.COVERED_FROM)
    profiles = UnitProfile.objects.filter(scope.subtree_q(root, "satker")).annotate(
        covered=Count("skills", filter=covered)
    )
    return {profile.satker_id: profile for profile in profiles}


def _progress(root: Satker, now: datetime) -> dict[int, tuple[int, int]]:
    """(due, published) of each unit's own assignments whose brief is due by ``now``."""
    rows = (
        Assignment.objects.filter(scope.subtree_q(root, "satker"), campaign__due_at__lte=now)
        .values("satker_id")
        .annotate(
            due=Count("pk"),
            published=Count("pk", filter=Q(status=AssignmentStatus.PUBLISHED)),
        )
        .order_by()
    )
    return {row["satker_id"]: (row["due"], row["published"]) for row in rows}
