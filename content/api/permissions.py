"""Who may act on a post through the API, checked before its input is read.

The services check the same rules again (they are the authority, shared with the
browser UI); checking here first makes a caller without the right get 403 whatever
it sent, rather than a 400 about input it was never allowed to send.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from content import services
from satker.roles import Role

# Actions of the post's own unit's editors (and stronger roles there).
WRITER_ACTIONS = {"partial_update", "update", "destroy", "submit", "publish", "media"}


class PostPermission(BasePermission):
    message = _("You may not do this with this post.")

    def has_permission(self, request, view) -> bool:
        if view.action == "create" and not request.user.has_role(Role.EDITOR):
            self.message = _("Only editors write posts.")
            return False
        return True

    def has_object_permission(self, request, view, post) -> bool:
        if view.action in WRITER_ACTIONS:
            if services.may_write_posts(request.user, post.assignment):
                return True
            self.message = _("Only editors of %(unit)s act on its posts.") % {
                "unit": post.satker.name
            }
            return False
        # Reviewer actions: the workflow service says why not (routing, or four eyes),
        # before it looks at the state or the input.
        return True
