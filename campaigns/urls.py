from django.urls import path

from . import views

urlpatterns = [
    path("briefs/", views.brief_list, name="brief-list"),
    path("briefs/new/", views.brief_create, name="brief-create"),
    path("briefs/<int:pk>/", views.brief_detail, name="brief-detail"),
    path("briefs/<int:pk>/edit/", views.brief_edit, name="brief-edit"),
    path("briefs/<int:pk>/publish/", views.brief_publish, name="brief-publish"),
    path("briefs/<int:pk>/close/", views.brief_close, name="brief-close"),
    path("briefs/<int:pk>/delete/", views.brief_delete, name="brief-delete"),
    path("briefs/<int:pk>/progress/", views.brief_progress, name="brief-progress"),
    path("briefs/<int:pk>/files/", views.asset_upload, name="brief-asset-upload"),
    path("briefs/<int:pk>/files/<int:asset_pk>/", views.asset_file, name="brief-asset"),
    path(
        "briefs/<int:pk>/files/<int:asset_pk>/thumbnail/",
        views.asset_file,
        {"variant": "thumbnail"},
        name="brief-asset-thumbnail",
    ),
    path("inbox/", views.inbox, name="inbox"),
    path(
        "assignments/<int:pk>/acknowledge/",
        views.assignment_acknowledge,
        name="assignment-acknowledge",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification-open"),
    path("segments/", views.segment_list, name="segment-list"),
    path("segments/new/", views.segment_edit, name="segment-create"),
    path("segments/<int:pk>/", views.segment_edit, name="segment-edit"),
]
