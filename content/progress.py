"""An assignment's state follows its posts (DESIGN.md §5): the furthest any post is at."""

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from campaigns.choices import AssignmentStatus
from campaigns.models import Assignment
from kpu_portal import events

from .choices import PostStatus

# A post sent back for changes is work the unit still has to do: acknowledged.
POST_TO_ASSIGNMENT = {
    PostStatus.DRAFT: AssignmentStatus.ACKNOWLEDGED,
    PostStatus.CHANGES_REQUESTED: AssignmentStatus.ACKNOWLEDGED,
    PostStatus.SUBMITTED: AssignmentStatus.SUBMITTED,
    PostStatus.APPROVED: AssignmentStatus.APPROVED,
    PostStatus.PUBLISHED: AssignmentStatus.PUBLISHED,
}
_ORDER = list(AssignmentStatus)


def sync_assignment(assignment_id: int) -> None:
    """Set the assignment's status from its posts; writing a post acknowledges it.

    Call inside the transaction that moved the post. The assignment's row is locked
    before the posts are read, so two posts of one assignment moving at once are
    counted one after the other, never from each other's stale state.
    """
    from .models import Post

    with transaction.atomic():
        Assignment.objects.select_for_update().filter(pk=assignment_id).values_list("pk").first()
        statuses = set(
            Post.objects.filter(assignment_id=assignment_id).values_list("status", flat=True)
        )
        if not statuses:
            return
        furthest = max((POST_TO_ASSIGNMENT[PostStatus(s)] for s in statuses), key=_ORDER.index)
        Assignment.objects.filter(pk=assignment_id).update(
            status=furthest, acknowledged_at=Coalesce("acknowledged_at", timezone.now())
        )
        events.announce(events.STATES_CHANGED, Assignment.objects.filter(pk=assignment_id))
