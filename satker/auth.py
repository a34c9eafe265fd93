from django.contrib.auth.backends import ModelBackend

from .models import User


class UnitModelBackend(ModelBackend):
    """The stock backend, loading the user's unit with the user (one query a request)."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("satker").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
