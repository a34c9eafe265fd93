from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from campaigns import selectors
from campaigns.choices import Platform, Priority, ScopeMode
from campaigns.models import Assignment, Campaign, VoterSegment
from satker import scope as satker_scope
from satker.api.serializers import SatkerBriefSerializer
from satker.models import Satker
from satker.roles import Level


class ScopeUnitField(serializers.PrimaryKeyRelatedField):
    """A unit id in the caller's subtree; any other id is unknown (existence not leaked)."""

    default_error_messages = {
        "does_not_exist": _("Unknown unit, or outside your work unit: {pk_value}."),
    }

    def get_queryset(self):
        request = self.context.get("request")
        return satker_scope.visible(request.user if request else None, super().get_queryset())


class ScopeSerializer(serializers.Serializer):
    """Whom a brief addresses: the whole subtree, chosen levels, or chosen units (ids).

    A scope is given whole: what it leaves out is empty, also in a PATCH.
    """

    mode = serializers.ChoiceField(choices=ScopeMode.choices, default=ScopeMode.SUBTREE)
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Level.choices),
        required=False,
        default=list,
        help_text=_('With mode "levels": levels below the publishing unit.'),
    )
    units = ScopeUnitField(
        many=True,
        required=False,
        default=list,
        queryset=Satker.objects.all(),
        help_text=_('With mode "units": ids of units below the publishing unit.'),
    )


class CampaignSerializer(serializers.ModelSerializer):
    key_messages = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, default=list
    )
    hashtags = serializers.ListField(
        child=serializers.CharField(max_length=101),
        required=False,
        default=list,
        help_text=_('Required hashtags, each starting with "#".'),
    )
    segments = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=VoterSegment.objects.filter(is_active=True),
        required=False,
        help_text=_("Codes of the target voter segments."),
    )
    platforms = serializers.ListField(
        child=serializers.ChoiceField(choices=Platform.choices), allow_empty=False
    )
    due_at = serializers.DateTimeField(
        required=False,
        help_text=_("Required unless priority is urgent (then start + deadline_hours)."),
    )
    scope = ScopeSerializer(
        required=False,
        help_text=_("Whom the brief addresses; the publishing unit's whole subtree if omitted."),
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "summary",
            "key_messages",
            "hashtags",
            "guidance",
            "segments",
            "platforms",
            "starts_at",
            "due_at",
            "priority",
            "deadline_hours",
            "scope",
            "status",
            "version",
            "satker",
            "published_at",
            "created_at",
        ]
        read_only_fields = ["id", "status", "version", "satker", "published_at", "created_at"]

    def validate(self, attrs):
        creating = self.instance is None
        priority = attrs.get("priority", getattr(self.instance, "priority", Priority.NORMAL))
        if creating and priority != Priority.URGENT and "due_at" not in attrs:
            raise serializers.ValidationError({"due_at": [_("This field is required.")]})
        return attrs

    def to_representation(self, campaign):
        data = super().to_representation(campaign)
        data["scope"] = {
            "mode": campaign.scope_mode,
            "levels": campaign.scope_levels,
            "units": [unit.pk for unit in self._chosen_units_in_scope(campaign)],
        }
        return data

    def _chosen_units_in_scope(self, campaign) -> list[Satker]:
        request = self.context.get("request")
        if request is None:
            return list(campaign.scope_units.all())
        return selectors.chosen_units_visible(request.user, campaign)

    def service_arguments(self) -> dict:
        """The validated input as campaigns.services takes it."""
        fields = dict(self.validated_data)
        segments = fields.pop("segments", None)
        scope = fields.pop("scope", None)
        scope_units = None
        if scope is not None:
            # A PATCH skips the nested defaults: a scope leaves out only what is empty.
            mode = scope.get("mode", ScopeMode.SUBTREE)
            fields["scope_mode"] = mode
            # In tree order and once each, so restating the levels is no change.
            levels = set(scope.get("levels", []))
            fields["scope_levels"] = [level.value for level in Level if level in levels]
            # Units count only when chosen: a brief never keeps units it does not address.
            scope_units = scope.get("units", []) if mode == ScopeMode.UNITS else []
        return {"fields": fields, "segments": segments, "scope_units": scope_units}


class AssignmentSerializer(serializers.ModelSerializer):
    due_at = serializers.DateTimeField(source="campaign.due_at", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "campaign", "satker", "status", "due_at", "acknowledged_at", "overdue"]
        read_only_fields = fields

    def get_overdue(self, assignment) -> bool:
        return assignment.is_overdue()


class ProgressRowSerializer(serializers.Serializer):
    """Schema only: cumulative counts of one unit's subtree, its own assignment included."""

    satker = SatkerBriefSerializer()
    total = serializers.IntegerField()
    acknowledged = serializers.IntegerField(help_text=_("Acknowledged or further along."))
    submitted = serializers.IntegerField(help_text=_("Submitted or further along."))
    approved = serializers.IntegerField(help_text=_("Approved or published."))
    published = serializers.IntegerField(help_text=_("With at least one published post."))
    overdue = serializers.IntegerField(help_text=_("Past due and not published."))


class ProgressSerializer(ProgressRowSerializer):
    """Schema only: counts for the caller's unit, and the same per child unit."""

    children = ProgressRowSerializer(many=True)
