from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    """Engagement snapshots, roll-ups, dashboards and exports (DESIGN.md §5 steps 6-8)."""

    name = "analytics"
    verbose_name = _("Sync dashboard")

    def ready(self) -> None:
        from kpu_portal import events

        from . import ingest, rollup_tasks  # noqa: F401 - ingest registers Snapshot's scope

        # Reports and state changes have their units' roll-ups recomputed soon.
        events.listen(events.SNAPSHOTS_REPORTED, rollup_tasks.rollup_after_ingest)
        events.listen(events.STATES_CHANGED, rollup_tasks.rollup_after_change)
