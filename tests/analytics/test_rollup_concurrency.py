"""Roll-ups running at the same time (threads, each with its own PostgreSQL
connection) leave the numbers a recompute from source gives."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction

from analytics import rollup
from analytics.models import RollupDirty

from .test_rollup_support import EPOCH, expected_rollups, small_world, snapshot, stored_rollups

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent roll-ups need PostgreSQL (SQLite runs one writer at a time).")


def _at_once(*runs) -> None:
    barrier = threading.Barrier(len(runs))
    errors = []

    def run(target):
        try:
            barrier.wait(timeout=10)
            target()
        except Exception as error:  # reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(target,)) for target in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def _report_everything(world, value: int) -> None:
    for index, post in enumerate(world["posts"]):
        moment = EPOCH + timedelta(days=index % 3, hours=value)
        snapshot(post, moment, world["reporter"], (value + index,) * 6)
        rollup.rollup_mark_posts({post.pk})


def test_two_incremental_runs_at_once_give_the_same_numbers(postgresql, tree):
    world = small_world(tree)
    _report_everything(world, 1)
    # one pair per transaction: the two runs interleave on the same briefs
    _at_once(lambda: rollup.rollup_dirty_run(limit=1), lambda: rollup.rollup_dirty_run(limit=1))
    assert not RollupDirty.objects.exists()
    assert stored_rollups() == expected_rollups()


def test_a_rebuild_and_an_incremental_run_at_once_give_the_same_numbers(postgresql, tree):
    world = small_world(tree)
    rollup.rollup_dirty_run()
    _report_everything(world, 2)
    _at_once(rollup.rollup_rebuild, rollup.rollup_dirty_run, rollup.rollup_rebuild)
    assert stored_rollups() == expected_rollups()


def test_a_run_never_consumes_the_mark_of_a_report_not_yet_committed(postgresql, tree):
    world = small_world(tree)
    rollup.rollup_dirty_run()
    post = world["posts"][0]
    rollup.rollup_mark_posts({post.pk})  # a mark already waiting for this bucket
    reported, run_done = threading.Event(), threading.Event()

    def report() -> None:  # a report whose transaction is still open during the run
        with transaction.atomic():
            snapshot(post, EPOCH + timedelta(hours=3), world["reporter"], (77,) * 6)
            rollup.rollup_mark_posts({post.pk})
            reported.set()
            run_done.wait(timeout=10)

    def run() -> None:
        reported.wait(timeout=10)
        rollup.rollup_dirty_run()
        run_done.set()

    _at_once(report, run)
    rollup.rollup_dirty_run()  # what the report's own task does after its commit
    assert not RollupDirty.objects.exists()
    assert stored_rollups() == expected_rollups()
