from django.urls import path

from . import views

urlpatterns = [
    path("briefs/", views.brief_list, name="brief-list"),
    path("briefs/new/", views.brief_create, name="brief-create"),
    path("briefs/<id:pk>/", views.brief_detail, name="brief-detail"),
    path("briefs/<id:pk>/edit/", views.brief_edit, name="brief-edit"),
    path("briefs/<id:pk>/publish/", views.brief_publish, name="brief-publish"),
    path("briefs/<id:pk>/close/", views.brief_close, name="brief-close"),
    path("briefs/<id:pk>/delete/", views.brief_delete, name="brief-delete"),
    path("briefs/<id:pk>/progress/", views.brief_progress, name="brief-progress"),
    path("briefs/<id:pk>/files/", views.asset_upload, name="brief-asset-upload"),
    path("briefs/<id:pk>/files/<id:asset_pk>/", views.asset_file, name="brief-asset"),
    path(
        "briefs/<id:pk>/files/<id:asset_pk>/remove/",
        views.asset_remove,
        name="brief-asset-remove",
    ),
    path(
        "briefs/<id:pk>/files/<id:asset_pk>/thumbnail/",
        views.asset_file,
        {"variant": "thumbnail"},
        name="brief-asset-thumbnail",
    ),
    path("inbox/", views.inbox, name="inbox"),
    path(
        "assignments/<id:pk>/acknowledge/",
        views.assignment_acknowledge,
        name="assignment-acknowledge",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/<id:pk>/", views.notification_open, name="notification-open"),
    path("segments/", views.segment_list, name="segment-list"),
    path("segments/new/", views.segment_edit, name="segment-create"),
    path("segments/<id:pk>/", views.segment_edit, name="segment-edit"),
]
