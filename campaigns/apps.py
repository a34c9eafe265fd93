from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Briefs, assignments, the cascade and reminders (DESIGN.md §5 steps 1, 2, 9)."""

    name = "campaigns"
    verbose_name = _("Voter-education briefs")

    def ready(self):
        from kpu_portal import events

        from . import assets, selectors  # noqa: F401 - file clean-up, scope rules
        from .notifications import drop_notices_out_of_sight
        from .services import assign_open_briefs

        events.listen(events.UNIT_ADDED, assign_open_briefs)
        events.listen(events.PERSON_MOVED, drop_notices_out_of_sight)
