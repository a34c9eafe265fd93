"""The main navigation, by role. Each later page adds one NavItem here."""

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


NAV_ITEMS = [
    NavItem(_("Home"), "home"),
    NavItem(_("Users"), "user-list", Role.ADMIN),
]


def navigation(request):
    """Template context: the items this user may open, the current one marked."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.satker_id):
        return {"nav_items": []}
    items = []
    for item in NAV_ITEMS:
        if user.has_role(item.min_role):
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url, "current": request.path == url})
    return {"nav_items": items}
