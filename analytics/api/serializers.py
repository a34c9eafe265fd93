"""Shapes of POST /api/v1/metrics/, for the schema. Validation is analytics.ingest's:
it names the index and field of every bad item, which a serializer would not."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

FIGURE_HELP = _("A whole number, 0 or more.")


class MetricItemSerializer(serializers.Serializer):
    post = serializers.IntegerField(
        help_text=_(
            "The post's id (its published address is accepted too). A published post of "
            "the caller's own unit."
        )
    )
    captured_at = serializers.DateTimeField(
        help_text=_(
            "When the figures were read, ISO 8601; without an offset it is read in the "
            "caller's unit's time zone. Not in the future, not before the publication. "
            "The same post and captured_at again replaces the earlier figures."
        )
    )
    impressions = serializers.IntegerField(min_value=0, help_text=FIGURE_HELP)
    reach = serializers.IntegerField(min_value=0, help_text=FIGURE_HELP)
    likes = serializers.IntegerField(min_value=0, help_text=FIGURE_HELP)
    comments = serializers.IntegerField(min_value=0, help_text=FIGURE_HELP)
    shares = serializers.IntegerField(min_value=0, help_text=FIGURE_HELP)
    views = serializers.IntegerField(min_value=0, help_text=FIGURE_HELP)


class IngestResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text=_("New snapshots stored."))
    updated = serializers.IntegerField(
        help_text=_("Snapshots whose figures were corrected (same post and captured_at).")
    )
    unchanged = serializers.IntegerField(help_text=_("Snapshots sent again as they were."))


class ItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(
        allow_null=True,
        help_text=_("The bad item's position in the list, from 0; null for the whole body."),
    )
    field = serializers.CharField(help_text=_("The item's field in error."))
    message = serializers.CharField()


class IngestErrorsSerializer(serializers.Serializer):
    errors = ItemErrorSerializer(many=True)
