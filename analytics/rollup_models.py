"""Roll-up rows: figures per (unit, campaign), computed from the source rows.

Never edited by hand and never incremented: analytics.rollup recomputes whole
buckets from the source (assignments, posts, each post's latest snapshot) and
writes them with an upsert, so every run gives the same numbers.

Two scopes per (unit, campaign):
- ``own``: the unit's own assignment, posts and engagement (from the source rows);
- ``subtree``: the unit and everything below it (the sum of the subtree's ``own``
  rows). Dashboards read these.

A row exists only while its bucket has at least one assignment ("total" > 0).

``RollupTotal`` adds one row per unit: its ``subtree`` rows summed over every
campaign, so the "all briefs" dashboard of the nation reads 39 rows, not 39 per brief;
``RollupTotalDay`` does the same for the daily series. ``RollupPlatform`` and
``RollupPublished`` hold the dashboard's per-platform breakdown and posts published
per day of each unit's subtree, so that no dashboard reads posts or snapshots.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from satker.models import Satker

__all__ = [
    "ASSIGNMENT_COUNTS",
    "POST_COUNTS",
    "Rollup",
    "RollupDay",
    "RollupDirty",
    "RollupPlatform",
    "RollupPublished",
    "RollupScope",
    "RollupTotal",
    "RollupTotalDay",
]

ASSIGNMENT_COUNTS = ["total", "acknowledged", "submitted", "approved", "published"]
POST_COUNTS = [
    "posts_draft",
    "posts_submitted",
    "posts_changes_requested",
    "posts_approved",
    "posts_published",
]


# The roll-up tables' foreign keys have no index of their own: each table's unique
# constraint starts with the unit and its "by campaign" index with the campaign, and
# those serve the joins and the cascades. A second index on either column would
# only be written: ~10 million daily rows at full size, on every rebuild.


class RollupScope(models.TextChoices):
    OWN = "own", _("The unit's own")
    SUBTREE = "subtree", _("The unit and its subtree")


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


def _figure(label: str) -> models.PositiveBigIntegerField:
    return models.PositiveBigIntegerField(label, default=0)


class EngagementFigures(models.Model):
    """The six engagement sums, each post counted with its latest snapshot."""

    impressions = _figure(_("impressions"))
    reach = _figure(_("reach"))
    likes = _figure(_("likes"))
    comments = _figure(_("comments"))
    shares = _figure(_("shares"))
    views = _figure(_("views"))

    class Meta:
        abstract = True


class RollupCounts(EngagementFigures):
    """Assignment counts (cumulative, DESIGN.md §7) and post counts by status."""

    total = _count(_("assignments"))
    acknowledged = _count(_("acknowledged"))
    submitted = _count(_("submitted"))
    approved = _count(_("approved"))
    published = _count(_("published"))
    posts_draft = _count(_("draft posts"))
    posts_submitted = _count(_("submitted posts"))
    posts_changes_requested = _count(_("posts with changes requested"))
    posts_approved = _count(_("approved posts"))
    posts_published = _count(_("published posts"))
    computed_at = models.DateTimeField()

    class Meta:
        abstract = True


class Rollup(RollupCounts):
    """Assignment and post counts and engagement of one (unit, campaign) bucket.

    Overdue is not stored: it depends on the clock, and is ``total - published``
    once the brief's due time has passed.
    """

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="+", db_index=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    scope = models.CharField(max_length=8, choices=RollupScope.choices)
    # Seconds from the brief's publication to each unit's first published post, one
    # entry per unit of the bucket that has published (sorted): medians of a subtree
    # are read from one row, and the lists of several rows simply concatenate.
    publish_delays = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("roll-up")
        verbose_name_plural = _("roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "campaign", "scope"], name="one_rollup_per_bucket"
            ),
        ]
        # A brief's dashboard reads the rows of one unit and its children: with the
        # unit last, those are a few probes inside the brief's (campaign, scope) range.
        indexes = [
            models.Index(fields=["campaign", "scope", "satker"], name="rollup_by_campaign_unit")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.satker_id}/{self.campaign_id}"


class RollupTotal(RollupCounts):
    """One unit's ``subtree`` roll-ups summed over every campaign ("all briefs").

    Overdue depends on the clock, so it is stored as of ``computed_at`` together with
    ``overdue_until``: the earliest due time still ahead then. Past that moment the
    stored figure is stale; readers recompute it and the next roll-up sweep refreshes
    the row. The median is over every (unit, campaign) publish delay of the subtree.
    """

    satker = models.OneToOneField(Satker, on_delete=models.CASCADE, related_name="+")
    overdue = _count(_("overdue"))
    overdue_until = models.DateTimeField(null=True, blank=True)
    median_publish_delay = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("all-briefs roll-up")
        verbose_name_plural = _("all-briefs roll-ups")
        indexes = [models.Index(fields=["overdue_until"], name="rollup_total_overdue_until")]

    def __str__(self) -> str:
        return f"total {self.satker_id}"


class RollupDay(EngagementFigures):
    """Engagement of one bucket as of the end of one day (Asia/Jakarta).

    Rows are sparse: one for each day on which a snapshot of the bucket's posts was
    captured. A day without a row has the figures of the latest earlier row.
    """

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="+", db_index=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    scope = models.CharField(max_length=8, choices=RollupScope.choices)
    day = models.DateField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("daily roll-up")
        verbose_name_plural = _("daily roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "campaign", "scope", "day"], name="one_rollup_per_bucket_day"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "scope", "day"], name="rollup_day_by_campaign")]

    def __str__(self) -> str:
        return f"{self.scope} {self.satker_id}/{self.campaign_id} {self.day}"


class RollupTotalDay(EngagementFigures):
    """A unit's subtree engagement over every campaign as of the end of one day.

    Sparse like RollupDay: a row for each day on which any of its campaigns changed.
    """

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("all-briefs daily roll-up")
        verbose_name_plural = _("all-briefs daily roll-ups")
        constraints = [
            models.UniqueConstraint(fields=["satker", "day"], name="one_total_per_unit_day"),
        ]

    def __str__(self) -> str:
        return f"total {self.satker_id} {self.day}"


class RollupPlatform(EngagementFigures):
    """A unit's subtree, one campaign, one platform: posts, published posts and the
    engagement of each post's latest snapshot."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="+", db_index=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    platform = models.CharField(max_length=16)
    posts = _count(_("posts"))
    posts_published = _count(_("published posts"))
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("per-platform roll-up")
        verbose_name_plural = _("per-platform roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "campaign", "platform"], name="one_rollup_per_platform"
            ),
        ]
        indexes = [models.Index(fields=["campaign"], name="rollup_platform_by_campaign")]

    def __str__(self) -> str:
        return f"{self.platform} {self.satker_id}/{self.campaign_id}"


class RollupPublished(models.Model):
    """How many posts of a unit's subtree (one campaign) were published on one day."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="+", db_index=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    posts = _count(_("posts published"))
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("posts published per day")
        verbose_name_plural = _("posts published per day")
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "campaign", "day"], name="one_published_count_per_day"
            ),
        ]
        indexes = [models.Index(fields=["campaign"], name="rollup_published_by_campaign")]

    def __str__(self) -> str:
        return f"published {self.satker_id}/{self.campaign_id} {self.day}"


class RollupDirty(models.Model):
    """A (unit, campaign) whose own figures changed and wait for the next roll-up.

    Reports mark pairs here (insert, ignoring duplicates); a roll-up claims them
    inside its transaction, so a run that dies leaves them for the next.
    """

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "campaign"], name="one_dirty_mark_per_bucket"
            ),
        ]

    def __str__(self) -> str:
        return f"dirty {self.satker_id}/{self.campaign_id}"


class RollupGeneration(models.Model):
    """One row counting the roll-up transactions that committed.

    Every transaction that writes roll-ups raises it before committing, so the
    value changes exactly when what the dashboards read changes: pages built from
    the roll-ups are cached under it (analytics.page_cache) and one cached at an
    older value is never served again.
    """

    ROW = 1  # the primary key of the only row

    value = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("roll-up generation")
        verbose_name_plural = _("roll-up generations")

    def __str__(self) -> str:
        return f"generation {self.value}"
