"""Each post's latest figures, read beside the post (snapshots are cumulative: only a
post's latest one counts)."""

from django.db.models import F, OuterRef, QuerySet, Subquery

from .models import Snapshot


def with_latest_figures(posts: QuerySet) -> QuerySet:
    """``posts`` with ``reach`` and ``engagement`` (likes + comments + shares) of each
    one's latest snapshot, None without one. Two index lookups per post read: apply
    to a page of posts, not to a whole table."""
    latest = Snapshot.objects.filter(post=OuterRef("pk")).order_by("-captured_at")
    engagement = latest.annotate(sum=F("likes") + F("comments") + F("shares")).values("sum")
    return posts.annotate(
        engagement=Subquery(engagement[:1]), reach=Subquery(latest.values("reach")[:1])
    )
