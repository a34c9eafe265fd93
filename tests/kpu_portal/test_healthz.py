"""/healthz: database, broker and workers, for load balancers and compose."""

import pytest
from django.db import OperationalError

from kpu_portal import health

URL = "/healthz"


@pytest.fixture
def non_eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return settings


def test_it_reports_in_process_tasks_on_the_embedded_default(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "in-process",
        "workers": "in-process",
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_naming_the_broker_when_it_is_unreachable(client, db, non_eager):
    non_eager.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get(URL)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["database"] == "ok"
    assert body["broker"].startswith("error: ")
    assert "127.0.0.1" not in str(body)  # no connection details for anonymous callers


def test_it_is_degraded_but_up_when_no_worker_answers(client, db, non_eager):
    non_eager.CELERY_BROKER_URL = "memory://localhost/"

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "ok", "workers": 0}


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("could not connect to server")


def test_it_answers_503_naming_the_database_when_it_is_unreachable(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", UnreachableDatabase())

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"


def test_it_needs_no_sign_in_and_only_answers_get(client, db):
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code == 405


@pytest.mark.worker
def test_it_counts_a_live_worker(client, celery_worker_process):
    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["broker"] == "ok"
    assert body["workers"] >= 1
