from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """Posts, media, revisions and reviews (DESIGN.md §5 steps 3-5)."""

    name = "content"
    verbose_name = _("Posts")
