"""The Celery application.

Configured from Django settings (the CELERY_* names), which take the broker from
REDIS_URL. Without REDIS_URL tasks run in process (eager), so the embedded demo
needs no services. Tasks are enqueued with ``task.delay_on_commit(...)`` so a
worker never sees a row that a rolled-back transaction did not write.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_portal.settings")

app = Celery("kpu_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
