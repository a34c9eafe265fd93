"""What is waiting for the signed-in person: the home page's to-do list.

Each kind of task is one small indexed query on the person's own unit (or its
review queue, or its subtree's stored roll-up) and is shown only to the roles that
can act on it. A task lists its first few items, each linked to the page where it is
done, and how many there are in all; a list with no items is left out, so an empty
to-do list means nothing is waiting.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from analytics.dashboard import dashboard_rows
from analytics.models import Snapshot
from campaigns.choices import AssignmentStatus, CampaignStatus
from campaigns.models import Assignment
from campaigns.selectors import unit_inbox
from content.choices import PostStatus
from content.models import Post
from content.workflow import review_queue
from satker import scope
from satker.models import UnitProfile, User
from satker.roles import Role

# Items listed under a task; its count says how many more there are.
SHOWN_PER_TASK = 5


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    # The moment that makes it pressing (a due time, a publication), or None.
    at: object = None
    overdue: bool = False
    urgent: bool = False


@dataclass(frozen=True)
class Task:
    key: str
    title: str | Promise
    hint: str | Promise
    # Where every item of this kind is listed, or where the task is done.
    url: str
    # How many are waiting; None for a task that is one thing to do.
    count: int | None = None
    items: list[Item] = field(default_factory=list)

    @property
    def more(self) -> int:
        return (self.count or 0) - len(self.items)


def _first_items(queryset: QuerySet) -> tuple[list, int]:
    """The first SHOWN_PER_TASK objects and the count of all, in one query unless
    there are more than that."""
    first = list(queryset[: SHOWN_PER_TASK + 1])
    if len(first) <= SHOWN_PER_TASK:
        return first, len(first)
    return first[:SHOWN_PER_TASK], queryset.count()


def _open_assignments(user: User) -> QuerySet[Assignment]:
    return unit_inbox(user.satker).filter(campaign__status=CampaignStatus.PUBLISHED)


def _brief_item(assignment: Assignment, now) -> Item:
    brief = assignment.campaign
    return Item(
        label=brief.title,
        url=reverse("brief-detail", args=[brief.pk]),
        at=brief.due_at,
        overdue=brief.due_at < now,
        urgent=brief.is_urgent,
    )


def _post_item(post: Post, url_name: str, at=None) -> Item:
    brief = post.assignment.campaign
    return Item(
        label=f"{brief.title} · {post.get_platform_display()}",
        url=reverse(url_name, args=[post.pk]),
        at=at,
        urgent=brief.is_urgent,
    )


def _own_posts(user: User, status: str) -> QuerySet[Post]:
    return Post.objects.filter(satker_id=user.satker_id, status=status).select_related(
        "assignment__campaign"
    )


def _task(key, title, hint, url, found: tuple[list, int], to_item: Callable) -> Task | None:
    objects, count = found
    if not count:
        return None
    return Task(key, title, hint, url, count, [to_item(obj) for obj in objects])


def overdue_assignments(user: User, now) -> Task | None:
    overdue = (
        _open_assignments(user)
        .filter(campaign__due_at__lt=now)
        .exclude(status=AssignmentStatus.PUBLISHED)
    )
    return _task(
        "overdue",
        _("Overdue assignments"),
        _("Their due time has passed and your unit has published nothing for them yet."),
        reverse("inbox"),
        _first_items(overdue),
        lambda assignment: _brief_item(assignment, now),
    )


def assignments_to_acknowledge(user: User, now) -> Task | None:
    pending = _open_assignments(user).filter(status=AssignmentStatus.PENDING)
    return _task(
        "acknowledge",
        _("Assignments to acknowledge"),
        _("Acknowledge a brief to tell the unit above that your unit is on it."),
        reverse("inbox"),
        _first_items(pending),
        lambda assignment: _brief_item(assignment, now),
    )


def posts_sent_back(user: User, now) -> Task | None:
    # Only while the brief is open: a closed brief's posts can no longer change.
    sent_back = _own_posts(user, PostStatus.CHANGES_REQUESTED).filter(
        assignment__campaign__status=CampaignStatus.PUBLISHED
    )
    return _task(
        "changes",
        _("Posts sent back for changes"),
        _("Read the reviewer's comment, edit the post and submit it again."),
        reverse("inbox"),
        _first_items(sent_back.order_by("-decided_at", "-pk")),
        lambda post: _post_item(post, "post-detail", post.decided_at),
    )


def posts_to_review(user: User, now) -> Task | None:
    queue = review_queue(user).select_related("assignment__campaign", "satker")
    return _task(
        "review",
        _("Posts waiting for your review"),
        _("Approve them, or send them back with a comment saying what to change."),
        reverse("review-queue"),
        _first_items(queue),
        lambda post: Item(
            label=f"{post.assignment.campaign.title} · {post.get_platform_display()} · "
            f"{post.satker.name}",
            url=reverse("post-review", args=[post.pk]),
            at=post.submitted_at,
            urgent=post.assignment.campaign.is_urgent,
        ),
    )


def posts_to_publish(user: User, now) -> Task | None:
    approved = _own_posts(user, PostStatus.APPROVED).order_by("decided_at", "pk")
    return _task(
        "publish",
        _("Approved posts to publish"),
        _("Post them on the platform, then record where and when they went out."),
        reverse("inbox"),
        _first_items(approved),
        lambda post: _post_item(post, "post-detail", post.decided_at),
    )


def posts_without_figures(user: User, now) -> Task | None:
    reported = Snapshot.objects.filter(post=OuterRef("pk"))
    silent = (
        _own_posts(user, PostStatus.PUBLISHED)
        .exclude(Exists(reported))
        .order_by("published_at", "pk")
    )
    return _task(
        "figures",
        _("Published posts without figures"),
        _("Report their reach and engagement, one by one or in one CSV upload."),
        reverse("metrics-upload"),
        _first_items(silent),
        lambda post: _post_item(post, "post-metrics", post.published_at),
    )


def overdue_below(user: User, now) -> Task | None:
    """Overdue assignments in the subtree, from the stored roll-up (one or two rows)."""
    if not user.satker.has_children_level:
        return None
    overdue = dashboard_rows(user.satker, now=now, children=[]).overdue
    if not overdue:
        return None
    return Task(
        "overdue_below",
        _("Overdue in your subtree"),
        _(
            "Assignments past their due time with nothing published: the sync dashboard shows "
            "which units."
        ),
        reverse("dashboard", args=[user.satker_id]),
        overdue,
    )


def profile_missing(user: User, now) -> Task | None:
    if UnitProfile.objects.filter(satker_id=user.satker_id).exists():
        return None
    return Task(
        "profile",
        _("Your unit's profile is empty"),
        _(
            "Say who makes your content and how good your connection is, so the units above "
            "know where to help."
        ),
        reverse("unit-profile-edit", args=[user.satker_id]),
    )


def profiles_missing_below(user: User, now) -> Task | None:
    """Units below the admin's that have not filled in their profile: without one,
    the list of units needing support cannot judge them."""
    if not user.satker.has_children_level:
        return None
    missing = (
        scope.visible_units(user).exclude(pk=user.satker_id).filter(profile__isnull=True).count()
    )
    if not missing:
        return None
    return Task(
        "profiles_below",
        _("Units below yours without a profile"),
        _(
            "Ask their admins to fill it in: the list of units needing support judges "
            "only units that did."
        ),
        f"{reverse('support-list')}?show=unassessed",
        missing,
    )


# In the order they are shown, each with the least role that acts on it.
TASKS: list[tuple[Role, Callable[[User, object], Task | None]]] = [
    (Role.EDITOR, overdue_assignments),
    (Role.EDITOR, assignments_to_acknowledge),
    (Role.EDITOR, posts_sent_back),
    (Role.APPROVER, posts_to_review),
    (Role.EDITOR, posts_to_publish),
    (Role.EDITOR, posts_without_figures),
    (Role.VIEWER, overdue_below),
    (Role.ADMIN, profile_missing),
    (Role.ADMIN, profiles_missing_below),
]


def tasks_for(user: User, now=None) -> list[Task]:
    """The tasks waiting for ``user``, pressing ones first; empty when nothing is."""
    now = now or timezone.now()
    found = (task(user, now) for role, task in TASKS if user.has_role(role))
    return [task for task in found if task is not None]
