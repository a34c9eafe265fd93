"""A closed brief's evaluation (DESIGN.md §5 step 10), for the viewer's subtree.

What the brief achieved, read once it is closed: the totals and the per-platform
and per-segment figures (the same roll-ups as the sync dashboard filtered to the
brief, so both pages always agree), its best posts by engagement, the units that
published late or not at all, and the lessons the publishing unit wrote.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.db.models import F, Min, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Assignment, Campaign
from content.choices import PostStatus
from content.models import Post
from satker import scope
from satker.roles import Zone
from satker.timefmt import written_unit_time

from .dashboard_tables import Dashboard
from .exports import Table
from .latest import with_latest_figures

BEST_POSTS = 10  # posts listed as the brief's best


@dataclass(frozen=True)
class LateUnit:
    """A unit of the subtree whose first post went out after the due time, or never."""

    assignment: Assignment
    first_published: datetime | None

    @property
    def late_by(self) -> timedelta | None:
        if self.first_published is None:
            return None
        return self.first_published - self.assignment.campaign.due_at

    @property
    def late_hours(self) -> float | None:
        late_by = self.late_by
        return None if late_by is None else round(late_by.total_seconds() / 3600, 1)


class Evaluation:
    """The evaluation of ``campaign`` over what ``user`` may see (their unit's subtree)."""

    def __init__(self, campaign: Campaign, user):
        self.campaign, self.user, self.unit = campaign, user, user.satker
        self.board = Dashboard(self.unit, campaign=campaign)

    @cached_property
    def best_posts(self) -> list[Post]:
        """The subtree's published posts of the brief with the most engagement (likes,
        comments and shares of each post's latest snapshot); posts without figures are
        left out. Each carries ``engagement`` and ``reach``."""
        published = scope.visible(self.user, Post).filter(
            assignment__campaign=self.campaign, status=PostStatus.PUBLISHED
        )
        posts = (
            with_latest_figures(published)
            .filter(engagement__isnull=False)
            .select_related("satker")
            .order_by("-engagement", "-reach", "pk")
        )
        return list(posts[:BEST_POSTS])

    def late_units(self) -> QuerySet[Assignment]:
        """The subtree's assignments whose unit published its first post after the due
        time or has published none: never published first, then the latest. Each
        carries ``first_published``; wrap rows in ``LateUnit`` to show them."""
        due_at = self.campaign.due_at
        published = Q(posts__status=PostStatus.PUBLISHED)
        return (
            scope.visible(self.user, Assignment)
            .filter(campaign=self.campaign)
            .annotate(first_published=Min("posts__published_at", filter=published))
            .filter(Q(first_published__isnull=True) | Q(first_published__gt=due_at))
            .select_related("satker", "campaign")
            .order_by(F("first_published").desc(nulls_first=True), "satker__code")
        )


# --- Downloads: the page's two lists of its own, as tables (analytics.exports) ----------

EXPORT_TITLES = {
    "best-posts": gettext_lazy("Best posts"),
    "late-units": gettext_lazy("Late units"),
}


def export_table(evaluation: Evaluation, name: str) -> Table:
    """``name`` of EXPORT_TITLES as a table; times in the viewer's unit's zone."""
    return {"best-posts": _best_posts_table, "late-units": _late_units_table}[name](evaluation)


def _local_text(moment: datetime | None, evaluation: Evaluation) -> str | None:
    return written_unit_time(moment, evaluation.unit)


def _zone(evaluation: Evaluation) -> str:
    return Zone(evaluation.unit.timezone).label


def _best_posts_table(evaluation: Evaluation) -> Table:
    header = [
        _("Code"),
        _("Work unit"),
        _("Platform"),
        _("Published (%(zone)s)") % {"zone": _zone(evaluation)},
        _("Address"),
        _("Reach"),
        _("Engagement (likes + comments + shares)"),
    ]
    rows = [
        [
            post.satker.code,
            post.satker.name,
            post.get_platform_display(),
            _local_text(post.published_at, evaluation),
            post.url,
            post.reach,
            post.engagement,
        ]
        for post in evaluation.best_posts
    ]
    return Table("best-posts", str(EXPORT_TITLES["best-posts"]), header, rows)


def _late_units_table(evaluation: Evaluation) -> Table:
    header = [
        _("Code"),
        _("Work unit"),
        _("First post published (%(zone)s)") % {"zone": _zone(evaluation)},
        _("Hours late"),
    ]
    rows = []
    for assignment in evaluation.late_units():
        late = LateUnit(assignment, assignment.first_published)
        rows.append(
            [
                assignment.satker.code,
                assignment.satker.name,
                _local_text(late.first_published, evaluation) or _("Not published"),
                late.late_hours,
            ]
        )
    return Table("late-units", str(EXPORT_TITLES["late-units"]), header, rows)
