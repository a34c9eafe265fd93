"""/healthz: is the database reachable, the broker reachable, and a worker listening?

Answers 200 when the portal can serve (database and broker up) and 503 when it
cannot. No worker answering is "degraded", not down: pages still work, but
reminders and roll-ups wait until a worker returns. Without REDIS_URL tasks run
in process, and broker and workers both read "in-process".

The answer names no host, password or exception text, only the failing part and
the kind of error, because the endpoint is open to load balancers without sign-in.
"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

BROKER_CONNECT_TIMEOUT = 2.0
WORKER_PING_TIMEOUT = 1.0


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return f"error: {error.__class__.__name__}"
    return "ok"


def _broker_and_workers() -> tuple[str, str | int]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process", "in-process"
    try:
        with celery_app.connection_for_write() as broker:
            # One attempt: a health check must answer quickly, not retry for minutes.
            broker.ensure_connection(max_retries=0, timeout=BROKER_CONNECT_TIMEOUT)
            try:
                replies = celery_app.control.ping(timeout=WORKER_PING_TIMEOUT, connection=broker)
            except Exception:
                replies = []
    except Exception as error:
        return f"error: {error.__class__.__name__}", 0
    return "ok", len(replies or [])


@never_cache
@require_GET
def healthz(request):
    database = _database_state()
    broker, workers = _broker_and_workers()
    if database != "ok" or broker.startswith("error"):
        status = "fail"
    elif workers == 0:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "broker": broker, "workers": workers},
        status=503 if status == "fail" else 200,
    )
