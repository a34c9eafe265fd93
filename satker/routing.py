"""Who reviews a unit's work (DESIGN.md §4, routing).

A unit's posts go to the approvers of its parent (the root's to the root's own);
when that unit has no active approver the review goes up to the next ancestor.
Overdue escalations follow the same route. A post's route is fixed when it is
submitted; when the unit it went to loses its last active approver, the posts
waiting there move up the same way (content.workflow.posts_reroute, on the
``approvers_left`` event).
"""

from django.db.models import QuerySet

from .models import Satker, User
from .roles import Role

APPROVING_ROLES = [Role.APPROVER, Role.ADMIN]


def active_approvers() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=APPROVING_ROLES)


def approving_unit(user: User) -> int | None:
    """The unit whose reviews ``user`` takes part in: its own while it is an active
    approver (or admin), else none."""
    return user.satker_id if user.is_active and user.role in APPROVING_ROLES else None


def without_approvers(unit_ids: list[int]) -> list[int]:
    """Those of these units that have no active approver now."""
    staffed = set(
        active_approvers().filter(satker_id__in=unit_ids).values_list("satker_id", flat=True)
    )
    return [unit_id for unit_id in unit_ids if unit_id not in staffed]


def review_chain(unit: Satker) -> list[Satker]:
    """The units that may review ``unit``'s work, nearest first."""
    ancestors = list(unit.get_ancestors(ascending=True))
    return ancestors or [unit]


def reviewing_unit(unit: Satker) -> Satker | None:
    """The nearest unit on the review chain with an active approver; None if none has."""
    chain = review_chain(unit)
    staffed = set(active_approvers().filter(satker__in=chain).values_list("satker_id", flat=True))
    return next((candidate for candidate in chain if candidate.pk in staffed), None)


def reviewers_for(unit: Satker) -> QuerySet[User]:
    """The active approvers who review ``unit``'s work (empty if nobody can)."""
    reviewer_unit = reviewing_unit(unit)
    if reviewer_unit is None:
        return User.objects.none()
    return active_approvers().filter(satker=reviewer_unit)


def reviewing_units(unit_ids: list[int]) -> dict[int, int | None]:
    """For many units at once: unit id -> id of the unit that reviews it (None if none).

    Two queries whatever the count: the tree's parent links and the staffed units.
    """
    parent_of = dict(Satker.objects.values_list("pk", "parent_id"))
    staffed = set(active_approvers().values_list("satker_id", flat=True).distinct())
    routes = {}
    for unit_id in unit_ids:
        candidate = parent_of.get(unit_id) or unit_id  # the root reviews itself
        while candidate is not None and candidate not in staffed:
            candidate = parent_of.get(candidate)
        routes[unit_id] = candidate
    return routes
