from django.urls import path

from . import post_list, views

urlpatterns = [
    path("assignments/<id:assignment_pk>/posts/new/", views.post_create, name="post-create"),
    path("assignments/<id:assignment_pk>/posts/preview/", views.post_preview, name="post-preview"),
    path("posts/", post_list.post_list, name="post-list"),
    path("posts/export.csv", post_list.post_export, name="post-export"),
    path("posts/<id:pk>/", views.post_detail, name="post-detail"),
    path("posts/<id:pk>/edit/", views.post_edit, name="post-edit"),
    path("posts/<id:pk>/submit/", views.post_submit, name="post-submit"),
    path("posts/<id:pk>/delete/", views.post_delete, name="post-delete"),
    path("posts/<id:pk>/publication/", views.post_publish, name="post-publish"),
    path("posts/<id:pk>/media/", views.media_upload, name="post-media-upload"),
    path("posts/<id:pk>/media/<id:media_pk>/", views.media_file, name="post-media"),
    path(
        "posts/<id:pk>/media/<id:media_pk>/thumbnail/",
        views.media_file,
        {"variant": "thumbnail"},
        name="post-media-thumbnail",
    ),
    path(
        "posts/<id:pk>/media/<id:media_pk>/remove/",
        views.media_remove,
        name="post-media-remove",
    ),
    path("reviews/", views.review_queue, name="review-queue"),
    path("posts/<id:pk>/review/", views.post_review, name="post-review"),
    path("posts/<id:pk>/approve/", views.post_approve, name="post-approve"),
    path(
        "posts/<id:pk>/request-changes/",
        views.post_request_changes,
        name="post-request-changes",
    ),
    path("neutrality-terms/", views.term_list, name="term-list"),
    path("neutrality-terms/new/", views.term_edit, name="term-create"),
    path("neutrality-terms/<id:pk>/", views.term_edit, name="term-edit"),
    path("neutrality-terms/<id:pk>/active/", views.term_toggle, name="term-toggle"),
]
