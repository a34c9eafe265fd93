"""Posts in the API (DESIGN.md §7): the post, its media, its neutrality flags, and
the small inputs of its actions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import Assignment
from content.choices import TermKind
from content.models import Post, PostMedia
from content.services import ALT_TEXT_MAX
from content.validation import active_terms, post_flags
from kpu_portal.api import FileLinksMixin
from satker import scope


class NeutralityFlagSerializer(serializers.Serializer):
    term = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=TermKind.choices, read_only=True)


class PostMediaSerializer(FileLinksMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = PostMedia
        fields = [
            "id",
            "alt_text",
            "url",
            "thumbnail_url",
            "original_name",
            "content_type",
            "size",
            "width",
            "height",
        ]
        read_only_fields = fields

    file_route = "api-post-media-file"
    thumbnail_route = "api-post-media-thumbnail"

    def link_kwargs(self, media: PostMedia) -> dict:
        return {"pk": media.post_id, "media_pk": media.pk}


class ScopeAssignmentField(serializers.PrimaryKeyRelatedField):
    """An assignment in the caller's subtree; any other id is unknown (existence not leaked)."""

    default_error_messages = {
        "does_not_exist": _("Unknown assignment, or outside your work unit: {pk_value}."),
    }

    def get_queryset(self):
        request = self.context.get("request")
        rows = Assignment.objects.select_related("campaign", "satker")
        return scope.visible(request.user if request else None, rows)


class PostSerializer(serializers.ModelSerializer):
    """A post. ``assignment`` and ``platform`` are chosen when it is created."""

    assignment = ScopeAssignmentField(queryset=Assignment.objects.all())
    version = serializers.IntegerField(
        read_only=True, help_text=_("Raised by every edit and every step of the review.")
    )
    neutrality_flags = serializers.SerializerMethodField(
        help_text=_(
            "Party names, candidate names and partisan terms found in the title or caption: "
            "a warning for the reviewer, not a block."
        )
    )
    media = PostMediaSerializer(many=True, read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "assignment",
            "platform",
            "language",
            "title",
            "caption",
            "planned_at",
            "status",
            "version",
            "satker",
            "url",
            "published_at",
            "review_unit",
            "submitted_at",
            "review_comment",
            "neutrality_flags",
            "media",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "version",
            "satker",
            "url",
            "published_at",
            "review_unit",
            "submitted_at",
            "review_comment",
            "created_at",
            "updated_at",
        ]
        # One post per platform is the service's rule, answered naming "platform".
        validators: list = []

    @extend_schema_field(NeutralityFlagSerializer(many=True))
    def get_neutrality_flags(self, post: Post) -> list[dict]:
        # The terms are read once per response, however many posts it holds.
        if "neutrality_terms" not in self.context:
            self.context["neutrality_terms"] = active_terms()
        flags = post_flags(post, self.context["neutrality_terms"])
        return [{"term": flag.term, "kind": flag.kind} for flag in flags]

    def service_fields(self) -> dict:
        """The validated input as content.services takes it."""
        fields = dict(self.validated_data)
        fields.pop("assignment", None)
        fields.pop("platform", None)
        fields.pop("version", None)
        return fields


class PostUpdateSerializer(PostSerializer):
    """An edit: the text fields, and the version the edit started from."""

    version = serializers.IntegerField(
        min_value=1,
        help_text=_("The version the edit started from (required); a stale one answers 409."),
    )

    class Meta(PostSerializer.Meta):
        read_only_fields = [*PostSerializer.Meta.read_only_fields, "assignment", "platform"]
        read_only_fields.remove("version")

    def get_fields(self):
        fields = super().get_fields()
        fields["assignment"] = serializers.PrimaryKeyRelatedField(read_only=True)
        return fields


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "Optional: the version the reviewer read. A post changed since answers 409 "
            "instead of being decided unseen."
        ),
    )


class RequestChangesSerializer(VersionSerializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("What needs to change (required)."),
    )


class PublishSerializer(serializers.Serializer):
    url = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text=_("Where the post went out (required), starting https://."),
    )
    published_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("When it went out; now if omitted. Not in the future."),
    )


class MediaUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("A JPEG, PNG or WebP image (required); re-encoded, metadata removed."),
    )
    alt_text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=ALT_TEXT_MAX + 1000,  # longer text gets the service's own message
        help_text=_("What the image shows, for people who cannot see it (required)."),
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "The post's version the upload started from (optional); a stale one answers 409."
        ),
    )


class MediaRemoveSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The post's version the removal started from (required)."),
    )
