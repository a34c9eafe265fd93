"""/api/v1/metrics/, registered with one line in kpu_portal/api_urls.py."""

from django.urls import path

from .views import MetricsView

urlpatterns = [path("metrics/", MetricsView.as_view(), name="api-metrics")]
