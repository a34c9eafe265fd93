"""The main navigation, by role. Each later page adds one NavItem here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from satker.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    min_role: Role = Role.VIEWER
    # A further condition on the user, for items only some units have.
    shown_to: Callable | None = None
    # A number shown beside the label (unread notices), or None, and what it counts
    # (read out after it by screen readers).
    count: Callable | None = None
    count_label: str | Promise = ""


def _at_the_centre(user) -> bool:
    return user.satker.is_root_node()


def _above_other_units(user) -> bool:
    return user.satker.has_children_level


def _below_another_unit(user) -> bool:
    """Assignments come from the units above: the centre never receives one."""
    return not user.satker.is_root_node()


def _unread_notices(user) -> int:
    return user.notifications.filter(read_at__isnull=True).count()


def _posts_to_review(user) -> int:
    from content.workflow import review_queue

    return review_queue(user).count()


NAV_ITEMS = [
    NavItem(_("Home"), "home"),
    NavItem(_("Assignments"), "inbox", shown_to=_below_another_unit),
    NavItem(_("Voter-education briefs"), "brief-list"),
    NavItem(_("Posts"), "post-list"),
    NavItem(_("Notifications"), "notifications", count=_unread_notices, count_label=_("unread")),
    NavItem(_("Sync dashboard"), "dashboard-home"),
    NavItem(_("Unit profile"), "unit-profile-own"),
    NavItem(_("Units needing support"), "support-list", shown_to=_above_other_units),
    NavItem(_("Upload figures"), "metrics-upload", Role.EDITOR),
    # Posts are reviewed by the unit above theirs (DESIGN.md §4): a regency reviews none.
    NavItem(
        _("Review queue"),
        "review-queue",
        Role.APPROVER,
        shown_to=_above_other_units,
        count=_posts_to_review,
        count_label=_("waiting for review"),
    ),
    NavItem(_("Users"), "user-list", Role.ADMIN),
    NavItem(_("Audit log"), "audit-list", Role.ADMIN),
    NavItem(_("Voter segments"), "segment-list", Role.ADMIN, shown_to=_at_the_centre),
    NavItem(_("Neutrality terms"), "term-list", Role.ADMIN, shown_to=_at_the_centre),
]


def navigation(request):
    """Template context: the items this user may open, the current one marked."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.satker_id):
        return {"nav_items": [], "nav_waiting": 0}
    items = []
    for item in NAV_ITEMS:
        if not user.has_role(item.min_role) or (item.shown_to and not item.shown_to(user)):
            continue
        url = reverse(item.url_name)
        items.append(
            {
                "label": item.label,
                "url": url,
                "current": _is_current(request, url),
                "count": item.count(user) if item.count else None,
                "count_label": item.count_label,
            }
        )
    # The folded menu (phones) shows what waits behind its items at once.
    return {"nav_items": items, "nav_waiting": sum(item["count"] or 0 for item in items)}


def _is_current(request, url: str) -> bool:
    """The item's own page or a page below it ("/users/12/" is under "Users")."""
    return request.path == url or (url != "/" and request.path.startswith(url))
