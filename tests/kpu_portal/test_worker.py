"""Tasks through a real broker (Redis) and a real worker process."""

import time
import uuid

import pytest
from celery.result import EagerResult
from django.core.cache import cache
from django.db import transaction

from kpu_portal.tasks import ping

from .worker_tasks import remember_user_exists, user_exists

pytestmark = pytest.mark.worker


def test_a_task_runs_in_the_worker_process(celery_worker_process):
    result = ping.delay()

    assert not isinstance(result, EagerResult)
    assert result.get(timeout=10) == "pong"


@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_the_test_database(celery_worker_process, make_user):
    editor = make_user("33.74", "editor")

    assert user_exists.delay(editor.username).get(timeout=10) is True
    assert user_exists.delay("nobody-at-all").get(timeout=10) is False


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_on_commit_sees_the_committed_row(celery_worker_process, make_user):
    key = f"kpu-test-{uuid.uuid4().hex}"
    with transaction.atomic():
        editor = make_user("33.74", "editor")
        remember_user_exists.delay_on_commit(editor.username, key)
        time.sleep(0.5)
        assert cache.get(key) is None, "the task left before the transaction committed"

    deadline = time.monotonic() + 10
    while cache.get(key) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.get(key) is True
