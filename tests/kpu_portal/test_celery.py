"""The Celery app: configured from REDIS_URL, time limits set, tasks sent after commit."""

import pytest
from celery.contrib.django.task import DjangoTask
from celery.signals import task_prerun
from django.conf import settings
from django.db import transaction

from kpu_portal.celery import app as celery_app
from kpu_portal.tasks import ping

from .processes import settings_in

CELERY_NAMES = [
    "CELERY_TASK_ALWAYS_EAGER",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CACHES",
]


def test_without_redis_url_tasks_run_in_process():
    seen = settings_in(CELERY_NAMES)

    assert seen["CELERY_TASK_ALWAYS_EAGER"] is True
    assert seen["CELERY_BROKER_URL"].startswith("memory://")
    assert seen["CELERY_RESULT_BACKEND"] is None
    assert seen["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_with_redis_url_tasks_go_to_redis():
    url = "redis://redis.internal:6379/3"

    seen = settings_in(CELERY_NAMES, REDIS_URL=url)

    assert seen["CELERY_TASK_ALWAYS_EAGER"] is False
    assert seen["CELERY_BROKER_URL"] == url
    assert seen["CELERY_RESULT_BACKEND"] == url
    assert seen["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


def test_time_limits_are_set_and_reach_the_app():
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert celery_app.conf.task_soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert celery_app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT


def test_time_limits_come_from_the_environment():
    seen = settings_in(
        ["CELERY_TASK_SOFT_TIME_LIMIT", "CELERY_TASK_TIME_LIMIT"],
        CELERY_TASK_SOFT_TIME_LIMIT="50",
        CELERY_TASK_TIME_LIMIT="60",
    )
    assert seen == {"CELERY_TASK_SOFT_TIME_LIMIT": 50, "CELERY_TASK_TIME_LIMIT": 60}


def test_tasks_are_django_tasks_with_delay_on_commit():
    assert isinstance(ping, DjangoTask)
    assert "kpu_portal.tasks.ping" in celery_app.tasks


def test_ping_answers_pong_in_process():
    assert ping.delay().get() == "pong"


@pytest.fixture
def ran():
    """Names of the tasks that ran in this test, in order."""
    names: list[str] = []

    def record(sender=None, **kwargs):
        names.append(sender.name)

    task_prerun.connect(record, weak=False)
    yield names
    task_prerun.disconnect(record)


def test_delay_on_commit_waits_for_the_commit(db, ran, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            ping.delay_on_commit()
            assert ran == []
        assert ran == [], "sent before the outermost transaction committed"

    assert len(callbacks) == 1
    assert ran == ["kpu_portal.tasks.ping"]


def test_delay_on_commit_in_a_rolled_back_transaction_never_runs(
    db, ran, django_capture_on_commit_callbacks
):
    class Abandon(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abandon),
        transaction.atomic(),
    ):
        ping.delay_on_commit()
        raise Abandon

    assert callbacks == []
    assert ran == []


def test_plain_delay_would_not_wait(db, ran, django_capture_on_commit_callbacks):
    """The contrast that makes the two tests above meaningful."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ping.delay()
        assert ran == ["kpu_portal.tasks.ping"]


def test_every_periodic_task_names_a_registered_task():
    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled
    assert sorted(scheduled - set(celery_app.tasks)) == []


def test_periodic_tasks_expire_before_their_next_run():
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert 0 < entry["options"]["expires"] <= entry["schedule"], name
