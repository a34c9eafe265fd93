from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from satker import scope

from .filters import SatkerFilter
from .serializers import MeSerializer, SatkerSerializer


class ObtainTokenView(ObtainAuthToken):
    """POST {"username","password"} -> {"token"}; send it as `Authorization: Token <token>`."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class MeView(APIView):
    """The signed-in user: username, role and unit."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class SatkerViewSet(viewsets.ReadOnlyModelViewSet):
    """Work units in the caller's subtree, in tree order."""

    serializer_class = SatkerSerializer
    filterset_class = SatkerFilter

    def get_queryset(self):
        return scope.visible_units(self.request.user)
