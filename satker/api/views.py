"""/api/v1/ auth/token/, me/ and satker/: who is calling, and the units it may see."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from satker import scope

from .filters import SatkerFilter
from .serializers import MeSerializer, SatkerSerializer, TokenSerializer

_NOT_FOUND = OpenApiResponse(description=_("Unknown, or outside the caller's subtree."))


class ObtainTokenView(ObtainAuthToken):
    """POST {"username","password"} -> {"token"}; send it as `Authorization: Token <token>`."""

    # Signing in needs no credentials; ignoring a browser's session cookie here also
    # spares the caller a CSRF token.
    authentication_classes = []
    permission_classes = [AllowAny]
    # Password guessing is slowed per client address (rate: settings, scope "auth").
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=_("Wrong username or password, or an inactive account."),
            ),
            429: OpenApiResponse(
                description=_(
                    "Too many attempts from this address, or too many wrong passwords for "
                    "this username from it; try again later (Retry-After)."
                )
            ),
        },
    )
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes marks the request it was given (this DRF request) when the
            # username is paused from this address (satker.lockout): say so, not
            # "wrong password", which the right password would also get meanwhile.
            if getattr(request, "axes_locked_out", False):
                raise Throttled(
                    wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                    detail=str(
                        _(
                            "Too many wrong passwords for this username from your address: "
                            "signing in with it waits."
                        )
                    ),
                ) from None
            raise


class MeView(APIView):
    """The signed-in user: username, role and unit."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


@extend_schema_view(
    list=extend_schema(description=_("Work units in the caller's subtree, in tree order.")),
    retrieve=extend_schema(
        description=_("One work unit in the caller's subtree."),
        responses={200: SatkerSerializer, 404: _NOT_FOUND},
    ),
)
class SatkerViewSet(viewsets.ReadOnlyModelViewSet):
    """Work units in the caller's subtree; any other unit answers 404."""

    serializer_class = SatkerSerializer
    filterset_class = SatkerFilter

    def get_queryset(self):
        # The scope module is the only gate: detail lookups go through the same
        # queryset, so an out-of-scope id is a 404 exactly like an unknown one.
        return scope.visible_units(self.request.user)
