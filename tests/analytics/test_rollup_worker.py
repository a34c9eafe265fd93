"""Roll-ups through real Celery workers on Redis and PostgreSQL."""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from analytics import rollup
from analytics.ingest import snapshots_ingest
from analytics.models import RollupDirty
from analytics.rollup_tasks import rollup_dirty
from tests.celery_worker import _delete_queue, _start_worker, _stop, poll

from .test_rollup_support import expected_rollups, small_world, stored_rollups

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
FIGURES = ["impressions", "reach", "likes", "comments", "shares", "views"]


def _report(world, make_user, value: int) -> None:
    """Kota Semarang's editor reports its Instagram post through the ingest service."""
    post = next(p for p in world["posts"] if p.satker.code == "33.74")
    moment = timezone.now().replace(microsecond=0) - timedelta(minutes=value)
    item = {"post": post.pk, "captured_at": moment.isoformat(), **dict.fromkeys(FIGURES, value)}
    snapshots_ingest(by=make_user("33.74", "editor"), items=[item], source="api")


def test_a_regencys_report_reaches_the_national_dashboard_within_seconds(
    celery_worker_process, tree, make_user
):
    world = small_world(tree)
    rollup.rollup_dirty_run()
    client = APIClient()
    client.force_authenticate(make_user("00", "viewer"))
    url = f"/api/v1/dashboard/{tree('00').pk}/"
    assert client.get(url).json()["engagement"]["impressions"] == 0

    accepted = time.monotonic()
    _report(world, make_user, 4321)  # the ingest enqueues the roll-up after its commit
    shown = poll(lambda: client.get(url).json()["engagement"]["impressions"] == 4321, 10)
    assert shown, "the report did not reach the national dashboard within 10 s"
    assert time.monotonic() - accepted < 10
    assert stored_rollups() == expected_rollups()


@pytest.fixture
def slow_worker(celery_worker_session, tmp_path, settings):
    """A worker of its own whose roll-ups pause 60 s between buckets."""
    (tmp_path / "mail").mkdir()
    worker = _start_worker(
        tmp_path / "slow-worker.log", tmp_path / "mail", env={"ROLLUP_TEST_DELAY": "60"}
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = worker.queue
    try:
        yield worker
    finally:
        _stop(worker.process)
        _delete_queue(worker.queue)


def test_a_worker_killed_mid_rollup_leaves_numbers_equal_to_source(
    slow_worker, celery_worker_session, tree, make_user, settings
):
    world = small_world(tree)
    rollup.rollup_dirty_run()
    before = stored_rollups()

    _report(world, make_user, 777)  # enqueued to the slow worker, which pauses mid-way
    paused = poll(lambda: "Roll-up paused" in slow_worker.logs(), 15)
    assert paused, slow_worker.logs()
    os.kill(slow_worker.process.pid, signal.SIGKILL)
    slow_worker.process.wait(timeout=10)

    # Nothing half-written: the run's transaction and its claim were rolled back.
    assert poll(lambda: RollupDirty.objects.count() == 1, 10)
    assert stored_rollups() == before

    # A fresh worker; the beat's sweep (sent here at once) redoes the run.
    settings.CELERY_TASK_DEFAULT_QUEUE = celery_worker_session.queue
    rollup_dirty.delay()
    assert poll(lambda: not RollupDirty.objects.exists(), 10), celery_worker_session.logs()
    expected = expected_rollups()
    assert stored_rollups() == expected != before
