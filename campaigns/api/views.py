from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from campaigns import selectors, services
from campaigns.models import Assignment
from satker import scope

from .filters import AssignmentFilter, CampaignFilter
from .permissions import BriefPermission
from .serializers import (
    AssignmentSerializer,
    CampaignSerializer,
    ProgressSerializer,
)

_INVALID = OpenApiResponse(OpenApiTypes.OBJECT, description=_("Invalid input, by field."))
_FORBIDDEN = OpenApiResponse(description=_("Visible, but the caller's role or unit may not."))
_NOT_FOUND = OpenApiResponse(description=_("Unknown, or outside the caller's scope."))
_CONFLICT = OpenApiResponse(description=_("The brief or assignment is in the wrong state."))

# The brief as CampaignSerializer gives it, and the count: allOf keeps the brief's
# enums in its one component instead of a second copy under another name.
_PUBLISH_RESULT = {
    "allOf": [
        {"$ref": "#/components/schemas/Campaign"},
        {
            "type": "object",
            "properties": {
                "assignments_created": {
                    "type": "integer",
                    "readOnly": True,
                    "description": "New assignments: 0 when the brief was published before.",
                }
            },
            "required": ["assignments_created"],
        },
    ]
}


_EDIT_SCHEMA = extend_schema(
    description=_("Edit a draft; on a published brief an amendment (a new version)."),
    responses={
        200: CampaignSerializer,
        400: _INVALID,
        403: _FORBIDDEN,
        404: _NOT_FOUND,
        409: _CONFLICT,
    },
)


@extend_schema_view(
    list=extend_schema(
        description=_(
            "Briefs of the caller's subtree, and the published ones an ancestor addressed to it."
        )
    ),
    retrieve=extend_schema(responses={200: CampaignSerializer, 404: _NOT_FOUND}),
    create=extend_schema(
        description=_("Draft a brief at the caller's unit (editors at units with units below)."),
        responses={201: CampaignSerializer, 400: _INVALID, 403: _FORBIDDEN},
    ),
    update=_EDIT_SCHEMA,
    partial_update=_EDIT_SCHEMA,
    destroy=extend_schema(
        description=_("Delete a draft; a published brief is closed instead."),
        responses={204: None, 403: _FORBIDDEN, 404: _NOT_FOUND, 409: _CONFLICT},
    ),
)
class CampaignViewSet(viewsets.ModelViewSet):
    """Briefs: those of the caller's subtree, and those addressed to it by an ancestor."""

    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    permission_classes = [IsAuthenticated, BriefPermission]

    def get_queryset(self):
        campaigns = selectors.visible_campaigns(self.request.user).order_by("-created_at", "-pk")
        if self.action == "progress":  # counts only: the brief's lists are not shown
            return campaigns
        return campaigns.prefetch_related("segments", "scope_units")

    def perform_create(self, serializer):
        serializer.instance = services.campaign_create(
            by=self.request.user, **serializer.service_arguments()
        )

    def perform_update(self, serializer):
        serializer.instance = services.campaign_update(
            campaign=serializer.instance, by=self.request.user, **serializer.service_arguments()
        )

    def perform_destroy(self, campaign):
        services.campaign_delete(campaign=campaign, by=self.request.user)

    def _fresh(self, campaign, **extra):
        return {**self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data, **extra}

    @extend_schema(
        request=None,
        description=_(
            "Publish the brief to the units it addresses: one assignment each. "
            "Publishing again creates none."
        ),
        responses={200: _PUBLISH_RESULT, 403: _FORBIDDEN, 404: _NOT_FOUND, 409: _CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        campaign = self.get_object()
        created = services.campaign_publish(campaign=campaign, by=request.user)
        return Response(self._fresh(campaign, assignments_created=created))

    @extend_schema(
        request=None,
        description=_("Close a published brief."),
        responses={200: CampaignSerializer, 403: _FORBIDDEN, 404: _NOT_FOUND, 409: _CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        campaign = services.campaign_close(campaign=self.get_object(), by=request.user)
        return Response(self._fresh(campaign))

    @extend_schema(
        description=_(
            "Cumulative counts of the brief's assignments in the caller's unit's subtree "
            "(its own included), and the same per child unit."
        ),
        responses={200: ProgressSerializer, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        campaign = self.get_object()
        progress = selectors.campaign_progress(campaign, request.user.satker)
        return Response(progress.as_dict())


@extend_schema_view(
    list=extend_schema(description=_("Assignments of the caller's subtree.")),
    retrieve=extend_schema(responses={200: AssignmentSerializer, 404: _NOT_FOUND}),
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Assignments of the caller's subtree."""

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self):
        return (
            scope.visible(self.request.user, Assignment)
            .select_related("campaign")
            .order_by("campaign__due_at", "pk")
        )

    @extend_schema(
        request=None,
        description=_("The unit's editors acknowledge its assignment."),
        responses={200: AssignmentSerializer, 403: _FORBIDDEN, 404: _NOT_FOUND, 409: _CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        assignment = services.assignment_acknowledge(assignment=self.get_object(), by=request.user)
        return Response(self.get_serializer(assignment).data)
