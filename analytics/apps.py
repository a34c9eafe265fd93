from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    """Engagement snapshots, roll-ups, dashboards and exports (DESIGN.md §5 steps 6-8)."""

    name = "analytics"
    verbose_name = _("Sync dashboard")
