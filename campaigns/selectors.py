"""Reads about briefs and assignments: what a user may see, inboxes and progress."""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from satker import scope
from satker.models import Satker, User

from .choices import AssignmentStatus, CampaignStatus
from .models import Assignment, Campaign, CampaignAsset

PROGRESS_STATES = [
    AssignmentStatus.ACKNOWLEDGED,
    AssignmentStatus.SUBMITTED,
    AssignmentStatus.APPROVED,
    AssignmentStatus.PUBLISHED,
]


def addressed_to_subtree(user: User, campaign_path: str = "") -> Q:
    """Published or closed briefs with an assignment somewhere in the user's subtree.

    The scope rule's one addition (DESIGN.md §4): a unit reads the briefs its
    ancestors addressed to it. Drafts never reach below their unit.
    """
    prefix = f"{campaign_path}__" if campaign_path else ""
    assignments = Assignment.objects.filter(
        scope.subtree_q(user.satker, "satker"),
        campaign=OuterRef(f"{prefix}pk"),
    )
    return Q(Exists(assignments), **{f"{prefix}status__in": _released()})


def _released() -> list[str]:
    return [CampaignStatus.PUBLISHED, CampaignStatus.CLOSED]


scope.register(Campaign, unit_path="satker", also_visible=addressed_to_subtree)
scope.register(
    CampaignAsset,
    unit_path="campaign__satker",
    also_visible=lambda user: addressed_to_subtree(user, "campaign"),
)
scope.register(Assignment, unit_path="satker")


def visible_campaigns(user: User) -> QuerySet[Campaign]:
    return scope.visible(user, Campaign).select_related("satker")


def chosen_units_visible(user: User, campaign: Campaign) -> list[Satker]:
    """The units a brief was sent to by name that ``user`` may know of: a unit that
    receives a brief from above learns nothing of the other units it went to."""
    return [unit for unit in campaign.scope_units.all() if scope.unit_is_visible(user, unit)]


def unit_inbox(unit: Satker) -> QuerySet[Assignment]:
    """A unit's own assignments of released briefs, urgent first, then by due time."""
    return (
        Assignment.objects.filter(satker=unit, campaign__status__in=_released())
        .select_related("campaign", "campaign__satker", "satker")
        .order_by("-campaign__priority", "campaign__due_at", "pk")
    )


@dataclass
class Progress:
    """Counts of one unit's subtree; every state counts the later ones too."""

    satker: Satker
    total: int = 0
    acknowledged: int = 0
    submitted: int = 0
    approved: int = 0
    published: int = 0
    overdue: int = 0
    children: list["Progress"] = field(default_factory=list)

    @property
    def share_published(self) -> int:
        return round(100 * self.published / self.total) if self.total else 0

    @property
    def share_acknowledged(self) -> int:
        return round(100 * self.acknowledged / self.total) if self.total else 0

    def as_dict(self, with_children: bool = True) -> dict:
        data = {
            "satker": {"id": self.satker.pk, "code": self.satker.code, "name": self.satker.name},
            "total": self.total,
            "acknowledged": self.acknowledged,
            "submitted": self.submitted,
            "approved": self.approved,
            "published": self.published,
            "overdue": self.overdue,
        }
        if with_children:
            data["children"] = [child.as_dict(with_children=False) for child in self.children]
        return data


def campaign_progress(campaign: Campaign, unit: Satker, depth: int = 1) -> Progress:
    """Progress of ``unit``'s subtree, and of its descendants ``depth`` levels down.

    Three queries whatever the tree's size: the subtree's units, and one row
    (lft, status) per assignment, counted per unit by bisecting prefix sums.
    """
    units = list(unit.get_descendants(include_self=True).filter(level__lte=unit.level + depth))
    counter = _SubtreeCounter(campaign, unit)
    nodes = {u.pk: counter.progress_of(u) for u in units}
    for u in units:
        if u.parent_id in nodes and u.pk != unit.pk:
            nodes[u.parent_id].children.append(nodes[u.pk])
    return nodes[unit.pk]


class _SubtreeCounter:
    """Prefix sums over the subtree's assignments, sorted by their unit's lft."""

    def __init__(self, campaign: Campaign, unit: Satker):
        rows = sorted(
            Assignment.objects.filter(
                scope.subtree_q(unit, "satker"), campaign=campaign
            ).values_list("satker__lft", "status")
        )
        self.lfts = [lft for lft, _ in rows]
        overdue = campaign.due_at < timezone.now()
        self.sums = {"total": _prefix([True for _ in rows])}
        for state in PROGRESS_STATES:
            reached = set(AssignmentStatus.at_least(state))
            self.sums[state.value] = _prefix([status in reached for _, status in rows])
        self.sums["overdue"] = _prefix(
            [overdue and status != AssignmentStatus.PUBLISHED for _, status in rows]
        )

    def progress_of(self, unit: Satker) -> Progress:
        low, high = bisect_left(self.lfts, unit.lft), bisect_right(self.lfts, unit.rght)
        counts = {name: sums[high] - sums[low] for name, sums in self.sums.items()}
        return Progress(satker=unit, **counts)


def _prefix(flags: list[bool]) -> list[int]:
    sums = [0]
    for flag in flags:
        sums.append(sums[-1] + int(flag))
    return sums
