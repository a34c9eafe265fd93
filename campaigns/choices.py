"""The fixed vocabularies of briefs and assignments (DESIGN.md §7 "Values")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent hoax clarification")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class ScopeMode(models.TextChoices):
    SUBTREE = "subtree", _("The whole subtree")
    LEVELS = "levels", _("Chosen levels")
    UNITS = "units", _("Chosen units")


class AssignmentStatus(models.TextChoices):
    """In order: each state counts as all the ones before it too (DESIGN.md §7)."""

    PENDING = "pending", _("Pending")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")

    @classmethod
    def at_least(cls, status: "AssignmentStatus") -> list[str]:
        """This state and every later one: the cumulative counts of progress."""
        members = list(cls)
        return [member.value for member in members[members.index(cls(status)) :]]
