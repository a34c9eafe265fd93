from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log: one row for every transition and change, never updated or deleted."""

    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from satker import scope

        from .models import AuditEntry

        scope.register(AuditEntry, unit_path="satker")
