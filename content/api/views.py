"""/api/v1/posts/: a unit's posts, their review and publication (DESIGN.md §7).

Every lookup goes through satker.scope (404 outside the caller's subtree); every
write through content.services or content.workflow, shared with the browser pages.
Status codes: 403 for a visible post the caller may not act on, 409 for a wrong
state or a stale version, 400 naming the field.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from content import services, workflow
from content.models import Post
from kpu_portal.api import IdsFirstPagination
from satker import scope

from .filters import PostFilter
from .permissions import PostPermission
from .serializers import (
    MediaUploadSerializer,
    PostMediaSerializer,
    PostSerializer,
    PostUpdateSerializer,
    PublishSerializer,
    RequestChangesSerializer,
    VersionSerializer,
)

INVALID = OpenApiResponse(OpenApiTypes.OBJECT, description=_("Invalid input, by field."))
FORBIDDEN = OpenApiResponse(description=_("Visible, but the caller's role or unit may not."))
NOT_FOUND = OpenApiResponse(description=_("Unknown, or outside the caller's subtree."))
CONFLICT = OpenApiResponse(
    description=_("The post is in the wrong state, or the version is stale.")
)


def _action_schema(description, request=None):
    return extend_schema(
        request=request,
        description=description,
        responses={
            200: PostSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )


@extend_schema_view(
    list=extend_schema(
        description=_(
            "Posts of the caller's subtree, most recently changed first; with review=mine "
            "the caller's review queue, urgent briefs first, then by due time."
        )
    ),
    retrieve=extend_schema(responses={200: PostSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        description=_(
            "Localise an assignment of the caller's unit into a draft post for one of the "
            "brief's platforms (one post per platform)."
        ),
        responses={201: PostSerializer, 400: INVALID, 403: FORBIDDEN, 409: CONFLICT},
    ),
    partial_update=extend_schema(
        request=PostUpdateSerializer,
        description=_(
            'Edit a draft or a post sent back for changes; send the "version" the edit '
            "started from. The post becomes a draft again at the next version."
        ),
        responses={
            200: PostSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    ),
    destroy=extend_schema(
        description=_("Delete a draft."),
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    ),
)
class PostViewSet(viewsets.ModelViewSet):
    """Posts of the caller's subtree."""

    serializer_class = PostSerializer
    filterset_class = PostFilter
    # Deep pages of a million posts: ids from an index first (kpu_portal.api).
    pagination_class = IdsFirstPagination
    permission_classes = [IsAuthenticated, PostPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        rows = (
            scope.visible(self.request.user, Post)
            .prefetch_related("media")
            .order_by("-updated_at", "-pk")
        )
        if self.action == "list":
            # A listed post shows its unit and assignment as ids only: joining and
            # building five related objects per row would be read for nothing.
            return rows
        # One post's checks and actions read its unit, assignment and brief.
        return rows.select_related("satker", "assignment__campaign__satker", "assignment__satker")

    def _fresh(self, post: Post) -> dict:
        fresh = self.get_queryset().get(pk=post.pk)
        return PostSerializer(fresh, context=self.get_serializer_context()).data

    def create(self, request):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        post = services.post_create(
            assignment=incoming.validated_data["assignment"],
            by=request.user,
            platform=incoming.validated_data["platform"],
            **incoming.service_fields(),
        )
        return Response(self._fresh(post), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        post = self.get_object()
        incoming = PostUpdateSerializer(
            post, data=request.data, partial=True, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        services.post_update(
            post=post,
            by=request.user,
            version=incoming.validated_data.get("version"),
            fields=incoming.service_fields(),
        )
        return Response(self._fresh(post))

    def perform_destroy(self, post):
        services.post_delete(post=post, by=self.request.user)

    @_action_schema(_("Send a draft for review, to the approvers it is routed to."))
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        post = workflow.post_submit(post=self.get_object(), by=request.user)
        return Response(self._fresh(post))

    @_action_schema(
        _("Approve a submitted post (its routed approvers, never one who wrote it)."),
        request=VersionSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        post = self.get_object()
        incoming = VersionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        post = workflow.post_approve(
            post=post, by=request.user, version=incoming.validated_data.get("version")
        )
        return Response(self._fresh(post))

    @_action_schema(
        _("Send a submitted post back to its unit with a comment."),
        request=RequestChangesSerializer,
    )
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        post = self.get_object()
        incoming = RequestChangesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        post = workflow.post_request_changes(
            post=post,
            by=request.user,
            comment=incoming.validated_data["comment"],
            version=incoming.validated_data.get("version"),
        )
        return Response(self._fresh(post))

    @_action_schema(
        _("Record where (and when) an approved post went out."), request=PublishSerializer
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        post = self.get_object()
        incoming = PublishSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        post = workflow.post_publish(
            post=post,
            by=request.user,
            url=incoming.validated_data["url"],
            published_at=incoming.validated_data["published_at"],
        )
        return Response(self._fresh(post))

    @extend_schema(
        request={"multipart/form-data": MediaUploadSerializer},
        description=_(
            "Add an image with its alt text to a draft or a post sent back for changes; "
            'send the post\'s "version". The post becomes a draft at the next version.'
        ),
        responses={
            201: PostMediaSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def media(self, request, pk=None):
        post = self.get_object()
        incoming = MediaUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        media = services.media_add(
            post=post,
            by=request.user,
            upload=incoming.validated_data["file"],
            alt_text=incoming.validated_data["alt_text"],
            version=incoming.validated_data["version"],
        )
        return Response(
            PostMediaSerializer(media, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
