"""Password reset by e-mail, for a person who forgot theirs and has an address.

Django's views and token generator, with three changes:

- the e-mail is built and sent by a worker from the person's id
  (``satker.tasks.send_password_reset``), so the reset token never travels through
  the broker and the answer takes as long whether the address is known or not;
- it is written in the person's language, and its link starts with PORTAL_URL,
  never with the Host header of the request that asked for it;
- an address gets at most ``RESETS_PER_ADDRESS`` e-mails an hour (the shared cache),
  so the form cannot be used to flood someone's inbox.

The new password goes through satker.services, so it is validated and audited like
every other password change, and the person's other sessions end.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import services
from .forms import PlainLabelsMixin
from .models import User

logger = logging.getLogger(__name__)

RESETS_PER_ADDRESS = 3
RESET_WINDOW_SECONDS = 3600
# How long an e-mailed link works, as the pages and the e-mail say it.
LINK_HOURS = settings.PASSWORD_RESET_TIMEOUT // 3600


class ResetRequestForm(PlainLabelsMixin, PasswordResetForm):
    """Asks for the address; sends nothing itself (see ``save``)."""

    def save(self, *args, **kwargs) -> None:
        """Queue one e-mail per active person with this address, unless the address
        had its share this hour. Says nothing either way: the page reads the same."""
        from .tasks import send_password_reset

        email = self.cleaned_data["email"]
        if not _within_allowance(email):
            logger.warning("Password reset: hourly allowance used up for an address")
            return
        for user in self.get_users(email):
            send_password_reset.delay_on_commit(user.pk)


class ResetPasswordForm(PlainLabelsMixin, SetPasswordForm):
    """The new password, set and audited through satker.services."""

    def save(self, commit: bool = True) -> User:
        password = self.cleaned_data["new_password1"]
        services.user_password_set(actor=self.user, user=self.user, password=password)
        return self.user


def reset_email(user: User) -> EmailMessage:
    """The e-mail with a one-time link that sets ``user``'s password, in their language."""
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": settings.PORTAL_URL.rstrip("/") + path,
        "hours": LINK_HOURS,
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])


def allowance_key(email: str) -> str:
    """The shared cache's counter of e-mails sent to ``email`` this hour (hashed: the
    cache holds no addresses)."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"password-reset:{digest}"


def _within_allowance(email: str) -> bool:
    key = allowance_key(email)
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        sent = 1
    return sent <= RESETS_PER_ADDRESS
