"""Celery tasks of satker: thin, take ids, re-fetch. Enqueue with .delay_on_commit()."""

from celery import shared_task
from django.conf import settings

from .models import User


@shared_task
def send_password_reset(user_id: int) -> bool:
    """E-mail ``user_id`` a password-reset link made here, so the token never sits in
    the broker. A person deactivated or left without an address meanwhile gets none."""
    from .password_reset import reset_email

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    reset_email(user).send()
    return True


@shared_task
def prune_sign_in_log() -> int:
    """Daily (beat): forget successful sign-ins (address, browser, time; django-axes)
    older than SIGN_IN_LOG_DAYS. Personal data is kept only as long as it serves
    security reviews."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.reset_logs(age_days=settings.SIGN_IN_LOG_DAYS)
