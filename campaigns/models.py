"""Briefs (Program Sosialisasi), the assignments they cascade into, and notifications."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from satker.models import Satker

from .choices import AssignmentStatus, CampaignStatus, Platform, Priority, ScopeMode

LESSONS_MAX_LENGTH = 10_000


class VoterSegment(models.Model):
    """A voter segment briefs can target; national admins edit the list."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("voter segment")
        verbose_name_plural = _("voter segments")

    def __str__(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class Campaign(models.Model):
    """A brief written at a unit for (part of) its subtree. Write through campaigns.services."""

    satker = models.ForeignKey(
        Satker,
        verbose_name=_("publishing unit"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    key_messages = models.JSONField(_("key messages"), default=list, blank=True)
    hashtags = models.JSONField(_("required hashtags"), default=list, blank=True)
    guidance = models.TextField(_("do and don't guidance"), blank=True)
    segments = models.ManyToManyField(VoterSegment, verbose_name=_("voter segments"), blank=True)
    platforms = models.JSONField(_("target platforms"), default=list)
    starts_at = models.DateTimeField(_("start"))
    due_at = models.DateTimeField(_("due"))
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    deadline_hours = models.PositiveSmallIntegerField(
        _("deadline in hours"),
        null=True,
        blank=True,
        help_text=_("Urgent hoax clarifications: hours from the start to the due time."),
    )
    scope_mode = models.CharField(
        _("scope"), max_length=16, choices=ScopeMode.choices, default=ScopeMode.SUBTREE
    )
    scope_levels = models.JSONField(_("levels"), default=list, blank=True)
    scope_units = models.ManyToManyField(
        Satker, verbose_name=_("units"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Written by the publishing unit once the brief is closed (its evaluation page).
    lessons = models.TextField(
        _("lessons learned"),
        blank=True,
        max_length=LESSONS_MAX_LENGTH,
        help_text=_("What worked, what did not, and what to do differently next time."),
    )
    lessons_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lessons_at = models.DateTimeField(_("lessons written at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("voter-education brief")
        verbose_name_plural = _("voter-education briefs")
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_at__gt=models.F("starts_at")),
                name="campaign_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_urgent(self) -> bool:
        return self.priority == Priority.URGENT

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.PUBLISHED

    def platform_labels(self) -> list[str]:
        return [Platform(code).label for code in self.platforms]


class Assignment(models.Model):
    """One brief for one unit. Its later states follow the unit's posts (content/)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    satker = models.ForeignKey(Satker, on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set once each by the beat task that sends the notice: the claim that keeps a
    # reminder or an escalation from going out twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["campaign__due_at", "satker__code"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "satker"], name="one_assignment_per_unit"),
        ]
        indexes = [models.Index(fields=["satker", "status"])]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.satker}"

    @property
    def due_at(self):
        return self.campaign.due_at

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status != AssignmentStatus.PUBLISHED and self.campaign.due_at < now


class Notification(models.Model):
    """One notice for one person: shown in the in-app inbox and e-mailed by a worker.

    The text is rendered from ``kind`` and ``params`` when shown, in the reader's language.
    """

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("New assignment")
        AMENDED = "amended", _("Brief amended")
        REMINDER = "reminder", _("Due soon")
        ESCALATION = "escalation", _("Overdue")
        # About one post (its id in params["post"]): to its reviewers, then its author.
        REVIEW = "review", _("Post to review")
        CHANGES = "changes", _("Changes requested")
        APPROVED = "approved", _("Post approved")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    # What this notice is about, e.g. "assigned:42": the same notice is never created
    # twice for one person, however often a task runs.
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notice_per_person"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


def asset_path(instance, filename: str) -> str:
    # Random names: nothing about a file's place on disk can be guessed. Files are
    # served only through a view that checks scope; no URL maps to MEDIA_ROOT.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"campaign-assets/{instance.campaign_id}/{uuid.uuid4().hex}.{extension}"


class CampaignAsset(models.Model):
    """An image or a PDF attached to a brief; served only through a scoped view."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("Document (PDF)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    file = models.FileField(upload_to=asset_path)
    thumbnail = models.FileField(upload_to=asset_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    alt_text = models.CharField(
        _("alt text"),
        max_length=500,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name
