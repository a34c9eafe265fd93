"""Project-wide tasks (each app keeps its own in its tasks.py)."""

from celery import shared_task


@shared_task(ignore_result=False)
def ping() -> str:
    """Answer "pong": proves a worker takes tasks from the broker and runs them.

    ``celery -A kpu_portal call kpu_portal.tasks.ping`` from a shell does the same.
    """
    return "pong"
