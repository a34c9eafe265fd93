from django.urls import path

from . import views

urlpatterns = [
    path("audit/", views.entry_list, name="audit-list"),
    path("audit/export.csv", views.entry_export, name="audit-export"),
]
