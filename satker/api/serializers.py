from rest_framework import serializers

from satker.models import Satker, User


class SatkerSerializer(serializers.ModelSerializer):
    level = serializers.CharField(
        source="tier", read_only=True, help_text="national, province or regency"
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
