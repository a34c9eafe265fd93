"""Engagement snapshots (the source rows) and the roll-ups computed from them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from content.models import Post
from satker.models import Satker

FIGURES = ["impressions", "reach", "likes", "comments", "shares", "views"]


def evidence_path(instance, filename: str) -> str:
    # Random names; the files are served only through a view that checks scope.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"snapshot-evidence/{uuid.uuid4().hex}.{extension}"


def job_path(instance, filename: str) -> str:
    return f"ingest-jobs/{uuid.uuid4().hex}.csv"


class Snapshot(models.Model):
    """A post's cumulative figures as seen at ``captured_at``; only a post's latest counts.

    The same (post, captured_at) sent again with other figures is a correction that
    replaces the earlier ones. Write through analytics.ingest only.
    """

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        CSV = "csv", _("CSV upload")
        API = "api", _("API")

    # No index of its own: the unique (post, captured_at) index serves every lookup by
    # post, latest first too (read backwards); each extra index slows every report.
    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, related_name="snapshots", db_index=False
    )
    captured_at = models.DateTimeField(_("captured at"))
    impressions = models.PositiveBigIntegerField(_("impressions"))
    reach = models.PositiveBigIntegerField(_("reach"))
    likes = models.PositiveBigIntegerField(_("likes"))
    comments = models.PositiveBigIntegerField(_("comments"))
    shares = models.PositiveBigIntegerField(_("shares"))
    views = models.PositiveBigIntegerField(_("views"))
    source = models.CharField(max_length=8, choices=Source.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # An optional screenshot of the platform's figures, cleaned by kpu_portal.uploads and
    # served only through a view that checks scope (analytics.views.snapshot_evidence).
    evidence = models.FileField(_("screenshot"), upload_to=evidence_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["post", "-captured_at"]
        verbose_name = _("engagement snapshot")
        verbose_name_plural = _("engagement snapshots")
        constraints = [
            models.UniqueConstraint(fields=["post", "captured_at"], name="one_snapshot_per_moment"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.captured_at:%Y-%m-%d %H:%M}"

    def figures(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in FIGURES)


class IngestJob(models.Model):
    """A large CSV upload, checked and stored by a Celery task (analytics.tasks).

    Seen only by its uploader and by admins of its unit and the units above it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The uploader's unit at upload time: whose admins may follow the job.
    satker = models.ForeignKey(Satker, on_delete=models.PROTECT, related_name="+")
    # Removed when the job finishes: the rows are stored, or their errors are.
    file = models.FileField(upload_to=job_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    # The uploader's language: the worker writes the row errors in it.
    language = models.CharField(max_length=8, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # Rows naming a post without a reading (a pre-filled template's), not stored.
    left_out = models.PositiveIntegerField(default=0)
    # [{"row", "field", "message"}] when rows were refused; nothing is stored then.
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("metrics upload")
        verbose_name_plural = _("metrics uploads")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        # Every row checked is not yet stored: the bar stays short of full until it is.
        return min(99, self.rows_processed * 100 // self.rows_total)


# --- Roll-ups (analytics/rollup_models.py) ---
from .rollup_models import *  # noqa: E402, F403
