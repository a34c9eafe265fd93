"""/api/v1/posts/{id}/media/{media_id}/: one image of a post.

``file/`` and ``thumbnail/`` serve the bytes (token or session) to callers who may
see the post — found through satker.scope, 404 otherwise, also for an image asked
for under another post's id. DELETE removes the image from a draft (an edit: send
the post's "version"). No URL maps to the stored files themselves.

Registered with one line in kpu_portal/api_urls.py::

    path("", include("content.api.media")),
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from content import services
from content.models import Post, PostMedia
from satker import scope

from .serializers import MediaRemoveSerializer, PostSerializer
from .views import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND


def _media_or_404(request, pk, media_pk) -> PostMedia:
    post = scope.get_visible_or_404(request.user, Post.objects.select_related("assignment"), pk=pk)
    rows = PostMedia.objects.filter(post=post).select_related("post__assignment", "post__satker")
    return scope.get_visible_or_404(request.user, rows, pk=media_pk)


class _AnyAccept(BaseContentNegotiation):
    """Files answer whatever the client accepts (an <img> asks for image/*); errors in JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PostMediaView(APIView):
    """Remove one image from a post."""

    @extend_schema(
        request=MediaRemoveSerializer,
        responses={
            200: PostSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
        description=_(
            "Remove an image from a draft or a post sent back for changes; send the post's "
            '"version". Answers the post, a draft at the next version.'
        ),
    )
    def delete(self, request, pk, media_pk):
        media = _media_or_404(request, pk, media_pk)
        if not services.may_write_posts(request.user, media.post.assignment):
            # Who may, before what was sent: 403 outranks 400.
            raise PermissionDenied(
                _("Only editors of %(unit)s act on its posts.") % {"unit": media.post.satker.name}
            )
        incoming = MediaRemoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        version = incoming.validated_data["version"]
        if version is None:  # a DELETE may carry it in the query string instead
            version = request.query_params.get("version")
        post = services.media_remove(media=media, by=request.user, version=version)
        fresh = scope.visible(request.user, Post).prefetch_related("media").get(pk=post.pk)
        return Response(
            PostSerializer(fresh, context={"request": request}).data, status=status.HTTP_200_OK
        )


class PostMediaFileView(APIView):
    """The bytes of one image of a post (or its WebP thumbnail)."""

    content_negotiation_class = _AnyAccept
    variant = "file"

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY, 404: NOT_FOUND})
    def get(self, request, pk, media_pk):
        return services.media_file_response(_media_or_404(request, pk, media_pk), self.variant)


class PostMediaThumbnailView(PostMediaFileView):
    """The WebP thumbnail of one image of a post."""

    variant = "thumbnail"


urlpatterns = [
    path(
        "posts/<id:pk>/media/<id:media_pk>/",
        PostMediaView.as_view(),
        name="api-post-media",
    ),
    path(
        "posts/<id:pk>/media/<id:media_pk>/file/",
        PostMediaFileView.as_view(),
        name="api-post-media-file",
    ),
    path(
        "posts/<id:pk>/media/<id:media_pk>/thumbnail/",
        PostMediaThumbnailView.as_view(),
        name="api-post-media-thumbnail",
    ),
]
