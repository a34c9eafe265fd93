"""/api/v1/: every app registers its viewsets on this one router."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from analytics.api.dashboard import DashboardView
from campaigns.api import views as campaigns_api
from content.api import views as content_api
from satker.api import views as satker_api

router = DefaultRouter()
router.register("satker", satker_api.SatkerViewSet, basename="satker")
router.register("campaigns", campaigns_api.CampaignViewSet, basename="api-campaign")
router.register("assignments", campaigns_api.AssignmentViewSet, basename="api-assignment")
router.register("posts", content_api.PostViewSet, basename="api-post")

urlpatterns = [
    path("auth/token/", satker_api.ObtainTokenView.as_view(), name="api-token"),
    path("me/", satker_api.MeView.as_view(), name="api-me"),
    path("dashboard/<id:satker_id>/", DashboardView.as_view(), name="api-dashboard"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("campaigns.api.assets")),
    path("", include("content.api.media")),
    path("", include("analytics.api.urls")),
    path("", include(router.urls)),
]
