"""Celery tasks of satker: thin, take ids, re-fetch. Enqueue with .delay_on_commit()."""

from celery import shared_task

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
