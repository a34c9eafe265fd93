from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import User


class UnitModelBackend(ModelBackend):
    """The stock backend, loading the user's unit with the user (one query a request)."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("satker").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class UnitTokenAuthentication(TokenAuthentication):
    """DRF's token check, loading the user's unit with the user: every API call reads it
    for scope, and the stock class would cost one more query per request."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related("user__satker").get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
