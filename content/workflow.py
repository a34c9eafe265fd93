"""The review workflow of a post, as a transition table (DESIGN.md §4-5).

    submit           draft             -> submitted
    approve          submitted         -> approved
    request_changes  submitted         -> changes_requested  (with a comment)
    publish          approved          -> published          (with the post's URL)
    (an edit)        draft, changes_requested -> draft        (content.services)

A move claims the post with one conditional UPDATE (WHERE status IN the allowed
states, and the version the actor read when given): of two approvers acting at the
same moment exactly one wins; the other, like any move from the wrong state, gets
Conflict (409) and changes nothing — no audit row, no review, same version.
Rights are checked before states (the wrong person gets 403 whatever the state),
and states before input (a wrong state is 409 whatever was sent).

Every move raises the version by one and writes one audit row.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from campaigns.choices import PLATFORM_HOSTS, CampaignStatus, Priority, is_on_platform
from campaigns.models import Notification
from kpu_portal.exceptions import Conflict
from satker.models import Satker, User
from satker.roles import Role
from satker.routing import reviewing_unit, reviewing_units, without_approvers
from satker.timefmt import format_unit_time

from . import review_notices
from .choices import PostStatus
from .models import Post, PostRevision, Review
from .progress import sync_assignment
from .validation import clean_post


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str


TRANSITIONS = {
    "submit": Move(frozenset({PostStatus.DRAFT}), PostStatus.SUBMITTED),
    "approve": Move(frozenset({PostStatus.SUBMITTED}), PostStatus.APPROVED),
    "request_changes": Move(frozenset({PostStatus.SUBMITTED}), PostStatus.CHANGES_REQUESTED),
    "publish": Move(frozenset({PostStatus.APPROVED}), PostStatus.PUBLISHED),
}
EDITABLE = frozenset({PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED})


def _move(post: Post, action: str, by: User, version: int | None = None, **fields) -> Post:
    """Claim the post for ``action`` and record it; Conflict if it is not in a source
    state (or, when ``version`` is given, no longer at that version)."""
    move = TRANSITIONS[action]
    claim = Post.objects.filter(pk=post.pk, status__in=move.sources)
    if version is not None:
        claim = claim.filter(version=version)
    claimed = claim.update(
        status=move.target, version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if not claimed:
        post.refresh_from_db()
        if version is not None and post.status in move.sources:  # another version
            raise stale_version(post, version)
        raise _wrong_state(post, action)
    post.refresh_from_db()
    # Every move has one source state: what the claim found is what it was.
    (before,) = move.sources
    audit_record(
        actor=by,
        unit=post.satker,
        obj=post,
        action=action,
        changes={"status": (before, post.status), "version": (post.version - 1, post.version)},
    )
    sync_assignment(post.assignment_id)
    return post


_ACTION_WORDS = {
    "submit": lambda: _("submitted"),
    "approve": lambda: _("approved"),
    "request_changes": lambda: _("sent back for changes"),
    "publish": lambda: _("recorded as published"),
}


def _wrong_state(post: Post, action: str) -> Conflict:
    return Conflict(
        _("This post is %(status)s; it cannot be %(action)s now.")
        % {"status": post.get_status_display().lower(), "action": _ACTION_WORDS[action]()}
    )


def stale_version(post: Post, version: int) -> Conflict:
    return Conflict(
        _(
            "Someone changed this post since you opened it (now version %(now)d, yours "
            "%(yours)d). Reload it and make your change again."
        )
        % {"now": post.version, "yours": version}
    )


def check_state(post: Post, action: str) -> None:
    """Conflict unless ``post`` (as read) may take ``action``: a wrong state answers 409
    before the input is looked at. The conditional UPDATE of the move stays the authority."""
    if post.status not in TRANSITIONS[action].sources:
        raise _wrong_state(post, action)


def _require_unit_editor(post: Post, by: User) -> None:
    if not (by.satker_id == post.satker_id and by.has_role(Role.EDITOR)):
        raise PermissionDenied(
            _("Only editors of %(unit)s act on its posts.") % {"unit": post.satker.name}
        )


def routed_unit(post: Post):
    """The unit whose approvers review ``post``: fixed at submission, else computed now."""
    return post.review_unit or reviewing_unit(post.satker)


def _is_routed_approver(post: Post, by: User) -> bool:
    unit = routed_unit(post)
    return (
        unit is not None and by.is_active and by.satker_id == unit.pk and by.has_role(Role.APPROVER)
    )


def _wrote(post: Post, by: User) -> bool:
    return by.pk == post.author_id or post.revisions.filter(author=by).exists()


def may_review(post: Post, by: User) -> bool:
    """Routed approvers only, and never someone who wrote a version of the post."""
    return _is_routed_approver(post, by) and not _wrote(post, by)


def _require_reviewer(post: Post, by: User) -> None:
    if not _is_routed_approver(post, by):
        raise PermissionDenied(_("This post is reviewed by the approvers it was routed to."))
    if _wrote(post, by):
        raise PermissionDenied(_("Four eyes: nobody approves a post they wrote."))


def review_order() -> list:
    """Urgent briefs first, then by the brief's due time, then the longest waiting."""
    urgent_first = Case(
        When(assignment__campaign__priority=Priority.URGENT, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return [urgent_first, "assignment__campaign__due_at", "submitted_at", "pk"]


def review_queue(user: User) -> QuerySet[Post]:
    """The posts ``user`` may decide now: submitted, routed to its unit, not written by
    it; in ``review_order``. Empty for anyone but approvers (and admins)."""
    if not (
        user
        and user.is_authenticated
        and user.is_active
        and user.satker_id
        and user.has_role(Role.APPROVER)
    ):
        return Post.objects.none()
    wrote = PostRevision.objects.filter(post=OuterRef("pk"), author=user)
    return (
        Post.objects.filter(review_unit_id=user.satker_id, status=PostStatus.SUBMITTED)
        .exclude(author=user)
        .exclude(Exists(wrote))
        .order_by(*review_order())
    )


def require_open_brief(post_or_assignment) -> None:
    """Posts are written and sent for review only while their brief is published.

    Recording the publication of an already approved post stays possible after
    the brief closes: the post went out, and the figures should say so.
    """
    assignment = getattr(post_or_assignment, "assignment", post_or_assignment)
    if assignment.campaign.status != CampaignStatus.PUBLISHED:
        raise Conflict(_("The brief is closed: its posts can no longer change."))


def post_submit(*, post: Post, by: User) -> Post:
    """Send a draft for review, routed to the nearest ancestor with an active approver.

    The post is validated again: the brief (its platforms, required hashtags) may
    have been amended since the post was written.
    """
    _require_unit_editor(post, by)
    check_state(post, "submit")
    require_open_brief(post)
    clean_post(post)
    with transaction.atomic():
        unit = reviewing_unit(post.satker)
        if unit is None:
            raise Conflict(_("No unit above yours has an active approver to review this post."))
        post = _move(post, "submit", by, review_unit=unit, submitted_at=timezone.now())
        _mark_latest_revision_submitted(post)
        review_notices.tell_reviewers(post)
    return post


def posts_reroute(unit_ids: list[int], actor: User | None = None) -> int:
    """Move the reviews waiting at units left without an active approver up the tree.

    A post's route is fixed when it is submitted (an approver appointed later does
    not take it over); but a post routed to a unit whose last approver left would
    wait for nobody. Each goes to the unit that would review it if it were submitted
    now: the nearest unit above its own with an active approver (DESIGN.md §4). One
    audit row per post moved; a post with nobody anywhere above stays where it is.
    Returns the number of posts moved.
    """
    stranded = without_approvers(sorted(set(unit_ids)))
    if not stranded:
        return 0
    waiting = list(
        Post.objects.select_for_update()
        .filter(status=PostStatus.SUBMITTED, review_unit_id__in=stranded)
        .select_related("satker", "review_unit", "assignment")
        .order_by("pk")
    )
    routes = reviewing_units(sorted({post.satker_id for post in waiting}))
    moved = [post for post in waiting if routes[post.satker_id] not in (None, post.review_unit_id)]
    units = Satker.objects.in_bulk({routes[post.satker_id] for post in moved})
    for unit_id in units:  # one UPDATE per unit the reviews go to
        going = [post.pk for post in moved if routes[post.satker_id] == unit_id]
        Post.objects.filter(pk__in=going).update(review_unit_id=unit_id)
    for post in moved:
        before, after = post.review_unit, units[routes[post.satker_id]]
        post.review_unit = after
        review_notices.tell_reviewers(post)
        audit_record(
            actor=actor,
            unit=post.satker,
            obj=post,
            action="reroute",
            changes={"review_unit": (f"{before.code} {before.name}", f"{after.code} {after.name}")},
        )
    return len(moved)


def _mark_latest_revision_submitted(post: Post) -> None:
    latest = post.revisions.order_by("-version").first()
    if latest is not None:
        PostRevision.objects.filter(pk=latest.pk).update(submitted=True)


def post_approve(*, post: Post, by: User, version: int | None = None) -> Post:
    """Approve a submitted post. With ``version`` (the one the reviewer read), a post
    changed since then is a Conflict rather than approved unseen."""
    _require_reviewer(post, by)
    with transaction.atomic():
        post = _move(
            post,
            "approve",
            by,
            version=version,
            decided_at=timezone.now(),
            decided_by=by,
            review_comment="",
        )
        Review.objects.create(
            post=post, version=post.version - 1, reviewer=by, decision=Review.Decision.APPROVED
        )
        review_notices.tell_author(post, Notification.Kind.APPROVED, by)
    return post


def post_request_changes(*, post: Post, by: User, comment: str, version: int | None = None) -> Post:
    """Send a submitted post back with a comment (required); ``version`` as for approving."""
    _require_reviewer(post, by)
    check_state(post, "request_changes")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("Say what needs to change.")]})
    with transaction.atomic():
        post = _move(
            post,
            "request_changes",
            by,
            version=version,
            decided_at=timezone.now(),
            decided_by=by,
            review_comment=comment,
        )
        Review.objects.create(
            post=post,
            version=post.version - 1,
            reviewer=by,
            decision=Review.Decision.CHANGES_REQUESTED,
            comment=comment,
        )
        review_notices.tell_author(post, Notification.Kind.CHANGES, by)
    return post


def post_publish(*, post: Post, by: User, url: str, published_at=None) -> Post:
    """Record where and when an approved post went out."""
    _require_unit_editor(post, by)
    check_state(post, "publish")
    url = (url or "").strip()
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": [_("Give the post's full address, starting https://.")]}
        ) from None
    if not is_on_platform(post.platform, url, short_links=True):
        raise ValidationError(
            {
                "url": [
                    _("Give the address of the post on %(platform)s (%(host)s).")
                    % {
                        "platform": post.get_platform_display(),
                        "host": PLATFORM_HOSTS[post.platform][0],
                    }
                ]
            }
        )
    published_at = published_at or timezone.now()
    if published_at > timezone.now():
        raise ValidationError(
            {"published_at": [_("The publication time cannot be in the future.")]}
        )
    brief = post.assignment.campaign
    if brief.published_at and published_at < brief.published_at:
        # Most likely a slip of the date picker; figures are then checked against it.
        raise ValidationError(
            {
                "published_at": [
                    _(
                        "The post cannot have gone out before its brief was published "
                        "(%(published)s)."
                    )
                    % {"published": format_unit_time(brief.published_at, post.satker)}
                ]
            }
        )
    with transaction.atomic():
        return _move(post, "publish", by, url=url, published_at=published_at)
