"""Notices of the review workflow: a post's reviewers hear that it waits for them, its
author hears what they decided. Created in the transaction that moves the post (a
rolled-back move tells nobody) and e-mailed by a worker once it commits.
"""

from campaigns.models import Notification
from campaigns.notifications import notify_people
from campaigns.tasks import send_notification_emails
from satker.models import User
from satker.routing import active_approvers

from .models import Post, PostRevision


def tell_reviewers(post: Post) -> int:
    """The active approvers of the unit ``post`` is routed to, but those who wrote any
    of it (they may not review it). Once per person and submitted version."""
    wrote = PostRevision.objects.filter(post=post).values("author_id")
    reviewers = (
        active_approvers()
        .filter(satker_id=post.review_unit_id)
        .exclude(pk=post.author_id)
        .exclude(pk__in=wrote)
    )
    return _tell(post, Notification.Kind.REVIEW, reviewers, key=f"review:{post.pk}:v{post.version}")


def tell_author(post: Post, kind: str, by: User) -> int:
    """The decision ``kind`` (changes requested, approved) to the post's author, if
    still active."""
    author = [post.author] if post.author.is_active else []
    extra = {"reviewer": by.satker.name, "comment": post.review_comment}
    return _tell(post, kind, author, key=f"{kind}:{post.pk}:v{post.version}", **extra)


def _tell(post: Post, kind: str, recipients, *, key: str, **params) -> int:
    told = notify_people(
        kind=kind,
        assignment=post.assignment,
        recipients=recipients,
        params={"post": post.pk, "platform": post.platform, **params},
        key=key,
    )
    if told:
        send_notification_emails.delay_on_commit()
    return told
