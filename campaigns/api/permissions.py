"""Who may act on a brief through the API, checked before its input is read.

The services check the same rules again (they are the authority, shared with the
browser UI); checking here first makes a caller without the right get 403 whatever
it sent, rather than a 400 about input it was never allowed to send.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from campaigns import services
from satker.roles import Role

# The role an action on a brief needs at the brief's own unit.
OBJECT_ACTION_ROLES = {
    "update": Role.EDITOR,
    "partial_update": Role.EDITOR,
    "destroy": Role.EDITOR,
    "publish": Role.APPROVER,
    "close": Role.APPROVER,
}


class BriefPermission(BasePermission):
    """Editors at units with units below write briefs; a brief's own unit changes it."""

    message = _("You may not do this with this brief.")

    def has_permission(self, request, view) -> bool:
        if view.action == "create" and not services.may_write_briefs(request.user):
            self.message = _("Only editors at units with units below them write briefs.")
            return False
        return True

    def has_object_permission(self, request, view, campaign) -> bool:
        role = OBJECT_ACTION_ROLES.get(view.action)
        if role is None:
            return True
        if request.user.satker_id == campaign.satker_id and request.user.has_role(role):
            return True
        self.message = _(
            "Only the %(role)s role or higher at the brief's own unit may do this."
        ) % {"role": role.label}
        return False
