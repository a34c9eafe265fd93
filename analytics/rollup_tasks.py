"""Celery tasks of the roll-ups: thin, they call analytics.rollup.

After a report, ``rollup_after_ingest`` (listening to kpu_portal.events'
snapshots_reported) marks the touched posts' (unit, campaign) pairs dirty and enqueues one
``rollup_dirty`` a moment later; reports arriving together share one run, because
the first run to start claims every mark. Beat runs ``rollup_dirty`` every minute
as a sweep (marks left by a run that died are picked up) and ``rollup_rebuild``
every 15 minutes.
"""

from celery import shared_task
from django.db import transaction

from . import rollup

# Seconds between a report and its roll-up. Reports arriving together still share a
# run (it claims every pending mark); a longer wait only delays the figures
# (bench B4 --full: the run itself takes ~100 ms).
COUNTDOWN = 0.25


@shared_task(soft_time_limit=110, time_limit=170)
def rollup_dirty() -> int:
    """Recompute the buckets marked dirty (analytics.rollup.rollup_dirty_run)."""
    return rollup.rollup_dirty_run()


@shared_task(soft_time_limit=1500, time_limit=1700)
def rollup_rebuild() -> int:
    """Recompute every bucket from source (analytics.rollup.rollup_rebuild)."""
    return rollup.rollup_rebuild()


def rollup_after_ingest(post_ids: set[int]) -> None:
    """Mark the touched posts' buckets dirty and have a worker roll them up soon."""
    if rollup.rollup_mark_posts(post_ids):
        transaction.on_commit(lambda: rollup_dirty.apply_async(countdown=COUNTDOWN))


def rollup_after_change(assignments) -> None:
    """The same for assignments (a queryset) that changed state, or whose posts did.

    Listens to kpu_portal.events' states_changed, announced inside the writer's
    transaction by campaigns and content; the run is enqueued once that commits.
    """
    if rollup.rollup_mark_assignments(assignments):
        transaction.on_commit(lambda: rollup_dirty.apply_async(countdown=COUNTDOWN))
