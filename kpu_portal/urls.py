from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("", include("satker.urls")),
    path("", include("campaigns.urls")),
    path("", include("content.urls")),
    path("", include("analytics.urls")),
    path("", include("analytics.dashboard_urls")),
    path("", include("audit.urls")),
    path("api/v1/", include("kpu_portal.api_urls")),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
