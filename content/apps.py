from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """Posts, media, revisions and reviews (DESIGN.md §5 steps 3-5)."""

    name = "content"
    verbose_name = _("Posts")

    def ready(self):
        from kpu_portal import events
        from satker import scope

        from . import workflow
        from .models import Post, PostMedia

        scope.register(Post, unit_path="satker")
        scope.register(PostMedia, unit_path="post__satker")
        events.listen(events.APPROVERS_LEFT, workflow.posts_reroute)
