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


READINGS_SHOWN = 20  # a post's readings listed on its page, the latest first


def post_readings(post) -> tuple[list, int]:
    """The post's latest READINGS_SHOWN snapshots (with who reported each) and how
    many it has in all; one query unless it has more than are shown."""
    snapshots = post.snapshots.select_related("reported_by")
    first = list(snapshots[: READINGS_SHOWN + 1])
    if len(first) <= READINGS_SHOWN:
        return first, len(first)
    return first[:READINGS_SHOWN], snapshots.count()
