"""The Celery application.

Configured from Django settings (the CELERY_* names), which take the broker from
REDIS_URL. Without REDIS_URL tasks run in process (eager), so the embedded demo
needs no services. Celery reads the settings through Django's live settings object,
so ``override_settings(CELERY_...)`` in a test takes effect at once.

Under Django, Celery's default task class is ``celery.contrib.django.task.DjangoTask``.
The project's convention is to enqueue with ``task.delay_on_commit(...)`` (or
``apply_async_on_commit``), so a worker never sees a row that a rolled-back or
not-yet-committed transaction wrote. Tasks take ids, re-fetch, and call a service.
"""

import os

from celery import Celery
from django.core.signals import setting_changed
from django.dispatch import receiver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_portal.settings")

app = Celery("kpu_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_BROKER_SETTINGS = {"CELERY_BROKER_URL", "CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL"}


@receiver(setting_changed)
def _forget_broker_connections(*, setting: str, **kwargs) -> None:
    """After a test overrides the broker URL, no pooled connection to the old one is reused.

    Settings are read live, but the connection and producer pools are made once;
    this drops them as Celery does after a fork.
    """
    if setting not in _BROKER_SETTINGS:
        return
    # Dropped, not closed: kombu keeps the pools in a registry shared by URL.
    app._pool = None
    amqp = app.__dict__.get("amqp")  # only if already made
    if amqp is not None:
        amqp._producer_pool = None
