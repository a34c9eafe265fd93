from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from satker.models import Satker, User
from satker.roles import Level


class SatkerSerializer(serializers.ModelSerializer):
    # Every field comes from the unit's own row ("parent" is its parent_id), so a
    # list of any length costs one query.
    level = serializers.ChoiceField(
        source="tier", choices=Level.choices, read_only=True, help_text=_("Level in the tree.")
    )

    class Meta:
        model = Satker
        fields = ["id", "code", "name", "level", "parent", "timezone"]
        read_only_fields = fields


class SatkerBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Satker
        fields = ["id", "code", "name"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    satker = SatkerBriefSerializer(read_only=True)

    class Meta:
        model = User
        fields = ["username", "role", "satker"]
        read_only_fields = fields


class TokenSerializer(serializers.Serializer):
    """A signed-in caller's API token."""

    token = serializers.CharField(read_only=True)
