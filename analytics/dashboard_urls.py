from django.urls import path

from . import dashboard_pages, evaluation_pages, support_pages

urlpatterns = [
    path("dashboard/", dashboard_pages.dashboard_home, name="dashboard-home"),
    path("dashboard/<id:satker_id>/", dashboard_pages.dashboard, name="dashboard"),
    path(
        "dashboard/<id:satker_id>/export/<slug:table>.<slug:fmt>",
        dashboard_pages.dashboard_export,
        name="dashboard-export",
    ),
    path("briefs/<id:pk>/evaluation/", evaluation_pages.brief_evaluation, name="brief-evaluation"),
    path(
        "briefs/<id:pk>/evaluation/export/<slug:table>.<slug:fmt>",
        evaluation_pages.brief_evaluation_export,
        name="brief-evaluation-export",
    ),
    path("units/support/", support_pages.support_list, name="support-list"),
    path("units/support/export.csv", support_pages.support_export, name="support-export"),
]
