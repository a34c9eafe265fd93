from django.urls import path

from . import views

urlpatterns = [
    path("posts/<id:pk>/metrics/", views.post_metrics, name="post-metrics"),
    path("metrics/upload/", views.metrics_upload, name="metrics-upload"),
    path("metrics/template.csv", views.metrics_template, name="metrics-template"),
    path("metrics/uploads/<id:pk>/", views.metrics_job, name="metrics-job"),
    path(
        "metrics/snapshots/<id:pk>/evidence/",
        views.snapshot_evidence,
        name="snapshot-evidence",
    ),
]
