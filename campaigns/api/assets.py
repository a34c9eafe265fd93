"""/api/v1/campaigns/{id}/assets/: a brief's files through the API.

GET lists them (paginated), POST adds one (multipart ``file`` + ``alt_text``), and
``.../assets/{asset_id}/file/`` and ``.../thumbnail/`` serve the bytes to callers who
may see the brief (token or session), with the same headers as the brief page's links.

Registered with one line in kpu_portal/api_urls.py::

    path("", include("campaigns.api.assets")),

Status codes as DESIGN.md §7: 404 for a brief (or asset) outside the caller's scope,
403 for a visible brief the caller may not add files to, 409 for a closed brief,
400 naming the field ("file" or "alt_text") for a bad upload.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns import assets, selectors
from campaigns.models import Campaign, CampaignAsset
from kpu_portal.api import FileLinksMixin
from kpu_portal.exceptions import Conflict
from satker import scope

_NOT_FOUND = OpenApiResponse(description=_("Unknown, or outside the caller's subtree."))


class CampaignAssetSerializer(FileLinksMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = CampaignAsset
        fields = [
            "id",
            "kind",
            "original_name",
            "content_type",
            "size",
            "alt_text",
            "url",
            "thumbnail_url",
        ]
        read_only_fields = fields

    file_route = "api-campaign-asset-file"
    thumbnail_route = "api-campaign-asset-thumbnail"

    def link_kwargs(self, asset: CampaignAsset) -> dict:
        return {"pk": asset.campaign_id, "asset_pk": asset.pk}


class AssetUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A JPEG, PNG or WebP image, or a PDF document."))
    alt_text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=assets.ALT_TEXT_MAX,
        help_text=_("Required for images: what the image shows, for people who cannot see it."),
    )


def _campaign_or_404(request, pk) -> Campaign:
    return scope.get_visible_or_404(request.user, selectors.visible_campaigns(request.user), pk=pk)


class CampaignAssetsView(generics.GenericAPIView):
    """A brief's files: list them, or add one (the publishing unit's editors to a draft,
    its approvers to a published brief)."""

    serializer_class = CampaignAssetSerializer
    parser_classes = [MultiPartParser, FormParser]
    filter_backends: list = []
    queryset = CampaignAsset.objects.none()  # for the schema; get() asks satker.scope

    @extend_schema(responses={200: CampaignAssetSerializer(many=True), 404: _NOT_FOUND})
    def get(self, request, pk):
        campaign = _campaign_or_404(request, pk)
        rows = (
            scope.visible(request.user, CampaignAsset)
            .filter(campaign=campaign)
            .order_by("created_at", "pk")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request={"multipart/form-data": AssetUploadSerializer},
        responses={
            201: CampaignAssetSerializer,
            400: OpenApiResponse(description=_("A bad file or missing alt text, by field.")),
            403: OpenApiResponse(
                description=_(
                    "Not an editor of the publishing unit, or not an approver once the brief "
                    "is published."
                )
            ),
            404: _NOT_FOUND,
            409: OpenApiResponse(description=_("The brief is closed.")),
        },
    )
    def post(self, request, pk):
        campaign = _campaign_or_404(request, pk)
        try:
            # Who may add, before what is sent: 403 and 409 outrank 400.
            assets.check_may_add(campaign=campaign, by=request.user)
            incoming = AssetUploadSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            asset = assets.asset_add(
                campaign=campaign,
                by=request.user,
                upload=incoming.validated_data["file"],
                alt_text=incoming.validated_data["alt_text"],
            )
        except Conflict as conflict:
            return Response({"detail": conflict.message}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            detail = (
                error.message_dict if hasattr(error, "error_dict") else {"file": error.messages}
            )
            raise ValidationError(detail) from None
        return Response(self.get_serializer(asset).data, status=status.HTTP_201_CREATED)


class _AnyAccept(BaseContentNegotiation):
    """Files answer whatever the client accepts (an <img> asks for image/*); errors in JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CampaignAssetFileView(APIView):
    """The bytes of one file of a brief (or its WebP thumbnail)."""

    content_negotiation_class = _AnyAccept
    variant = "file"

    @extend_schema(
        responses={(200, "*/*"): OpenApiTypes.BINARY, 404: _NOT_FOUND},
    )
    def get(self, request, pk, asset_pk):
        campaign = _campaign_or_404(request, pk)
        asset = scope.get_visible_or_404(
            request.user, CampaignAsset.objects.filter(campaign=campaign), pk=asset_pk
        )
        return assets.file_response(asset, self.variant)


class CampaignAssetThumbnailView(CampaignAssetFileView):
    """The WebP thumbnail of one image of a brief."""

    variant = "thumbnail"


urlpatterns = [
    path("campaigns/<id:pk>/assets/", CampaignAssetsView.as_view(), name="api-campaign-assets"),
    path(
        "campaigns/<id:pk>/assets/<id:asset_pk>/file/",
        CampaignAssetFileView.as_view(),
        name="api-campaign-asset-file",
    ),
    path(
        "campaigns/<id:pk>/assets/<id:asset_pk>/thumbnail/",
        CampaignAssetThumbnailView.as_view(),
        name="api-campaign-asset-thumbnail",
    ),
]
