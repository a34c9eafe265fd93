"""POST /api/v1/metrics/: engagement snapshots, all or nothing (DESIGN.md §7).

The same service as the post page's form and the CSV upload (analytics.ingest).
Answers {"created","updated","unchanged"}, or 400 {"errors": [{"index","field",
"message"}, ...]} naming every bad item, with nothing stored. A post outside the
caller's subtree is named like an unknown one.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.ingest import IngestError, snapshots_ingest
from analytics.models import Snapshot
from satker import scope
from satker.roles import Role

from .serializers import IngestErrorsSerializer, IngestResultSerializer, MetricItemSerializer


def max_items() -> int:
    return settings.METRICS_API_MAX_ITEMS


def _refused(message: str) -> Response:
    errors = [{"index": None, "field": "", "message": message}]
    return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)


class MetricsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="metrics_create",
        request=MetricItemSerializer(many=True),
        responses={
            200: IngestResultSerializer,
            400: OpenApiResponse(
                IngestErrorsSerializer,
                description=gettext_lazy(
                    "Some items are bad (each named by index and field), or the body is not "
                    "a list; nothing was stored."
                ),
            ),
            403: OpenApiResponse(description=gettext_lazy("Leadership does not report figures.")),
        },
        description=gettext_lazy(
            "Report engagement snapshots of the caller's unit's published posts, at most "
            "10,000 per request. Sending a snapshot again changes nothing (unchanged); the "
            "same post and captured_at with other figures is a correction (updated). Within "
            "one list, an item repeating an earlier one exactly is unchanged; with other "
            "figures it is a bad item. One bad item refuses the whole list."
        ),
    )
    def post(self, request):
        scope.require_role(request.user, Role.EDITOR)
        items = request.data
        if not isinstance(items, list):
            return _refused(_("Send a JSON list of snapshots."))
        if len(items) > max_items():
            return _refused(
                _("Send at most %(count)d snapshots per request.") % {"count": max_items()}
            )
        try:
            result = snapshots_ingest(by=request.user, items=items, source=Snapshot.Source.API)
        except IngestError as error:
            errors = [
                {key: entry[key] for key in ("index", "field", "message")} for entry in error.errors
            ]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(result.as_dict())
