"""The fixed vocabularies of briefs and assignments (DESIGN.md §7 "Values")."""

from urllib.parse import urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"


# The sites each platform's pages live on (their subdomains too): where an official
# account (a unit's profile) and a published post are.
PLATFORM_HOSTS = {
    "facebook": ("facebook.com", "fb.com"),
    "instagram": ("instagram.com",),
    "x": ("x.com", "twitter.com"),
    "youtube": ("youtube.com",),
    "tiktok": ("tiktok.com",),
}
# The short links a platform's own "share" button gives for a post.
SHORT_LINK_HOSTS = {
    "facebook": ("fb.watch",),
    "instagram": ("instagr.am",),
    "x": (),
    "youtube": ("youtu.be",),
    "tiktok": (),
}


def is_on_platform(platform: str, url: str, *, short_links: bool = False) -> bool:
    """Whether ``url`` is on ``platform``'s own site (or, with ``short_links``, one of
    its short links): not any link that merely mentions it."""
    host = (urlsplit(url).hostname or "").lower()
    hosts = PLATFORM_HOSTS[platform] + (SHORT_LINK_HOSTS[platform] if short_links else ())
    return any(host == known or host.endswith(f".{known}") for known in hosts)


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
