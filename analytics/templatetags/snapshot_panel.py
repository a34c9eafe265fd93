"""``{% snapshot_panel %}`` on the post page: the post's latest figures and, for the
editors of its unit, the form to report new ones (analytics.views.post_metrics)."""

from django import template

from content.choices import PostStatus

from ..forms import SnapshotForm
from ..latest import post_readings
from ..views import may_report

register = template.Library()


@register.inclusion_tag("analytics/_post_metrics.html", takes_context=True)
def snapshot_panel(context):
    post = context["post"]
    user = context["request"].user
    published = post.status == PostStatus.PUBLISHED
    reporter = published and may_report(user, post)
    readings, reading_count = post_readings(post) if published else ([], 0)
    return {
        "post": post,
        "published": published,
        "latest": readings[0] if readings else None,
        "readings": readings,
        "reading_count": reading_count,
        "form": SnapshotForm() if reporter else None,
        "csrf_token": context.get("csrf_token"),
    }
