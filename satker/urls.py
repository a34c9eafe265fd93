from django.contrib.auth import views as auth_views
from django.urls import path

from . import profile_pages, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/", views.account, name="account"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "accounts/password/reset/sent/",
        views.PasswordResetSentView.as_view(),
        name="password-reset-sent",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_add, name="user-add"),
    path("users/<id:pk>/", views.user_edit, name="user-edit"),
    path("users/<id:pk>/password/", views.user_password, name="user-password"),
    path("units/profile/", profile_pages.own_unit_profile, name="unit-profile-own"),
    path("units/<id:pk>/profile/", profile_pages.unit_profile, name="unit-profile"),
    path("units/<id:pk>/profile/edit/", profile_pages.unit_profile_edit, name="unit-profile-edit"),
]
