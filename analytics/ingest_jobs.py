"""Large CSV uploads: kept as an IngestJob and stored by a Celery task.

``job_create`` keeps the file and enqueues ``analytics.tasks.run_ingest_job`` after
commit; ``job_run`` (called by the task) claims the job with a conditional UPDATE,
checks every row (progress saved per chunk), then stores all rows in one
transaction through analytics.ingest, or none and the row errors, written in the
uploader's language. The file is removed once the job has finished.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kpu_portal import stored_files
from satker import scope
from satker.models import User
from satker.roles import Role

from . import csv_format
from .ingest import IngestError, snapshots_ingest
from .models import IngestJob, Snapshot

logger = logging.getLogger(__name__)


def job_threshold() -> int:
    """Uploads with more rows than this are stored by a Celery task."""
    return settings.METRICS_CSV_JOB_ROWS


def visible_jobs(user: User) -> QuerySet[IngestJob]:
    """A job is seen by its uploader, and by admins of its unit and the units above it."""
    if not (user.is_authenticated and user.satker_id):
        return IngestJob.objects.none()
    condition = Q(created_by=user)
    if user.has_role(Role.ADMIN):
        condition |= scope.subtree_q(user.satker, "satker")
    return IngestJob.objects.filter(condition)


def job_create(*, by: User, name: str, content: bytes, rows: int) -> IngestJob:
    if not by.has_role(Role.EDITOR):
        raise PermissionDenied(_("Only editors report figures."))
    job = IngestJob(
        created_by=by,
        satker=by.satker,
        original_name=name[:255],
        rows_total=rows,
        language=translation.get_language() or "",
    )
    job.file.save("upload.csv", ContentFile(content), save=False)
    job.save()
    from .tasks import run_ingest_job

    run_ingest_job.delay_on_commit(job.pk)
    return job


def _claim(job_id: int) -> bool:
    """Take the job, unless another worker runs it (a dead worker's job is taken back)."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimable = Q(status=IngestJob.Status.QUEUED) | Q(
        status=IngestJob.Status.RUNNING, started_at__lt=stale
    )
    return bool(
        IngestJob.objects.filter(claimable, pk=job_id).update(
            status=IngestJob.Status.RUNNING, started_at=now, rows_processed=0
        )
    )


def job_run(job_id: int) -> None:
    if not _claim(job_id):
        logger.info("Ingest job %s is taken or finished; nothing to do.", job_id)
        return
    job = IngestJob.objects.select_related("created_by__satker").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        _check_and_store(job)


def _check_and_store(job: IngestJob) -> None:
    try:
        with job.file.open("rb") as handle:
            parsed = csv_format.parse(handle.read())
        result = snapshots_ingest(
            by=job.created_by,
            items=parsed.items,
            source=Snapshot.Source.CSV,
            progress=lambda done: _progress(job.pk, done),
        )
    except csv_format.CsvError as error:
        _finish(job, IngestJob.Status.FAILED, errors=[_whole_file(str(error))])
    except IngestError as error:
        _finish(job, IngestJob.Status.FAILED, errors=parsed.row_errors(error.errors))
    except PermissionDenied as error:
        _finish(job, IngestJob.Status.FAILED, errors=[_whole_file(str(error))])
    except Exception:
        logger.exception("Ingest job %s failed", job.pk)
        message = _("The upload could not be processed. Nothing was stored; try again.")
        _finish(job, IngestJob.Status.FAILED, errors=[_whole_file(message)])
        raise
    else:
        _finish(job, IngestJob.Status.DONE, left_out=parsed.left_out, **result.as_dict())


def _whole_file(message: str) -> dict:
    return {"row": None, "field": "", "message": message}


def _progress(job_id: int, done: int) -> None:
    IngestJob.objects.filter(pk=job_id).update(rows_processed=done)


def _finish(job: IngestJob, status: str, **fields) -> None:
    """Record the outcome; the uploaded file goes once it is recorded (its rows are
    stored, or their errors are)."""
    with transaction.atomic():
        IngestJob.objects.filter(pk=job.pk).update(
            status=status, finished_at=timezone.now(), file="", **fields
        )
        if job.file:
            transaction.on_commit(partial(stored_files.remove, job.file.storage, [job.file.name]))
