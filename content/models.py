"""Posts: a unit's localisation of an assignment for one platform, with media,
revisions and review decisions. Write through content.services / content.workflow."""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from campaigns.choices import Platform
from campaigns.models import Assignment
from kpu_portal import stored_files
from satker.models import Satker

from .choices import Language, PostStatus, TermKind


class Post(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="posts")
    # The assignment's unit, kept on the post so scope and queues filter one table.
    satker = models.ForeignKey(Satker, on_delete=models.PROTECT, related_name="posts")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.INDONESIAN
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("YouTube's video title.")
    )
    caption = models.TextField(_("caption"), blank=True)
    planned_at = models.DateTimeField(_("planned time"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    # Raised by every edit and transition; an edit must name the version it started from.
    version = models.PositiveIntegerField(_("version"), default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Where the post went for review when it was submitted (parent, or the next
    # ancestor with an active approver).
    review_unit = models.ForeignKey(
        Satker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    url = models.URLField(_("published at URL"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "platform"], name="one_post_per_platform"
            ),
        ]
        indexes = [
            models.Index(fields=["review_unit", "status"]),
            models.Index(fields=["satker", "status"]),
            # The lists' order (-updated_at, -pk) within their common filters, so a
            # page walks an index instead of sorting every match (bench B6). The
            # platform one also carries the columns the list filters and scopes on,
            # so its count and its OFFSET can be read from the index alone.
            models.Index(
                fields=["platform", "-updated_at", "-id"],
                include=["published_at", "satker"],
                name="post_platform_recent_idx",
            ),
            models.Index(fields=["satker", "-updated_at", "-id"], name="post_satker_recent_idx"),
            models.Index(fields=["-updated_at", "-id"], name="post_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.assignment.campaign.title}"

    @property
    def open_review_comment(self) -> str:
        """The reviewer's request for changes while the post is still being reworked:
        sent back, or a draft again once edited (or an image added) before it is
        submitted anew; "" otherwise."""
        reworked = self.status in (PostStatus.CHANGES_REQUESTED, PostStatus.DRAFT)
        return self.review_comment if reworked else ""


class PostRevision(models.Model):
    """The post's text as it stood at one version; submitted ones are diffed in review."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200, blank=True)
    caption = models.TextField(blank=True)
    language = models.CharField(max_length=8)
    planned_at = models.DateTimeField(null=True, blank=True)
    media = models.JSONField(default=list, blank=True)  # [{"id", "name", "alt_text"}]
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["post", "version"], name="one_revision_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} v{self.version}"


def media_path(instance, filename: str) -> str:
    # Random names; files are served only through a view that checks scope.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"post-media/{instance.post_id}/{uuid.uuid4().hex}.{extension}"


class PostMedia(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    file = models.FileField(upload_to=media_path)
    thumbnail = models.FileField(upload_to=media_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=500,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("media file")
        verbose_name_plural = _("media files")

    def __str__(self) -> str:
        return self.original_name


def stored_names(media: PostMedia) -> list[str]:
    return stored_files.names_of(media.file, media.thumbnail)


def delete_files(names: list[str]) -> None:
    stored_files.remove(PostMedia._meta.get_field("file").storage, names)


@receiver(post_delete, sender=PostMedia, dispatch_uid="content.models.delete_media_files")
def _delete_files_after_commit(sender, instance: PostMedia, **kwargs) -> None:
    # However the row goes (a removed image, a deleted draft, the admin), its files
    # follow once that is committed; a rollback keeps both.
    names = stored_names(instance)
    if names:
        transaction.on_commit(lambda: delete_files(names))


class Review(models.Model):
    """One reviewer's decision on one submitted version."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reviews")
    version = models.PositiveIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.post_id} v{self.version})"


class NeutralityTerm(models.Model):
    """A party name, candidate name or partisan term flagged to reviewers (not blocked)."""

    term = models.CharField(_("word or phrase"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=TermKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "term"]
        verbose_name = _("neutrality term")
        verbose_name_plural = _("neutrality terms")

    def __str__(self) -> str:
        return self.term
