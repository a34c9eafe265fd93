from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatkerConfig(AppConfig):
    name = "satker"
    verbose_name = _("Work units and people")

    def ready(self):
        # Before any URL module is read: every app's paths take ids as <id:pk>.
        from django.urls import register_converter

        from kpu_portal.ids import IdConverter

        register_converter(IdConverter, "id")
