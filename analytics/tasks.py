"""Celery tasks of the metrics ingest: thin, take ids, call the service.

Enqueued with ``.delay_on_commit()``. The roll-up tasks live in analytics.rollup_tasks.
"""

from celery import shared_task

from . import ingest_jobs


@shared_task
def run_ingest_job(job_id: int) -> None:
    """Check and store a large CSV upload (analytics.ingest_jobs.job_run)."""
    ingest_jobs.job_run(job_id)
