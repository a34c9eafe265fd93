"""GET /api/v1/dashboard/{satker_id}/: the roll-up of a unit's subtree (DESIGN.md §7)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.models import Campaign
from content.choices import PostStatus
from kpu_portal.ids import is_id
from satker import scope

from .. import dashboard, page_cache
from ..models import FIGURES


class _UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class _PostsSerializer(serializers.Serializer):
    def get_fields(self):
        return {status.value: serializers.IntegerField() for status in PostStatus}


class _EngagementSerializer(serializers.Serializer):
    def get_fields(self):
        return {name: serializers.IntegerField() for name in FIGURES}


class DashboardRowSerializer(serializers.Serializer):
    """Schema only: one unit's subtree, summed over the campaigns asked for."""

    satker = _UnitSerializer()
    total = serializers.IntegerField(help_text="Assignments in the subtree, its own included.")
    acknowledged = serializers.IntegerField(help_text="Acknowledged or further along.")
    submitted = serializers.IntegerField()
    approved = serializers.IntegerField()
    published = serializers.IntegerField(help_text="Assignments with a published post.")
    overdue = serializers.IntegerField(help_text="Not published, and the brief is due.")
    posts = _PostsSerializer(help_text="Posts by status.")
    engagement = _EngagementSerializer(help_text="Sums of each post's latest snapshot.")
    median_hours_to_publish = serializers.FloatField(
        allow_null=True,
        help_text="Median hours from the brief's publication to each unit's first post out.",
    )


class DashboardSerializer(DashboardRowSerializer):
    """Schema only: the asked unit's subtree, the same per child, and when computed."""

    children = DashboardRowSerializer(many=True)
    as_of = serializers.DateTimeField(
        allow_null=True, help_text="When the oldest of these figures was computed."
    )


class DashboardView(APIView):
    """The sync dashboard's figures for a unit of the caller's subtree."""

    @extend_schema(
        operation_id="dashboard_retrieve",
        parameters=[
            OpenApiParameter(
                "campaign",
                OpenApiTypes.INT,
                description="One brief's figures; without it, every brief's added up.",
            )
        ],
        responses={
            200: DashboardSerializer,
            400: OpenApiResponse(description=_("The campaign is not a number.")),
            404: OpenApiResponse(description=_("Unknown, or outside the caller's scope.")),
        },
    )
    def get(self, request, satker_id: int):
        unit, children = scope.get_visible_unit_and_children_or_404(request.user, satker_id)
        raw = request.query_params.get("campaign")
        if raw not in (None, "") and not is_id(raw):
            raise ValidationError({"campaign": [_("Give a brief's id.")]})
        campaign_id = int(raw) if raw else None
        key = page_cache.answer_key(request, unit, campaign_id)
        answer = page_cache.get(key)
        if answer is None:  # not since the last roll-up run (analytics.page_cache)
            campaign = None
            if campaign_id is not None:
                campaign = scope.get_visible_or_404(request.user, Campaign, pk=campaign_id)
            rows = dashboard.dashboard_rows(unit, campaign, children=children)
            answer = rows.as_dict()
            page_cache.put(key, answer, rows.next_change)
        return Response(answer)
