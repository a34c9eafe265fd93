"""The worker fixture's own rules, checked without starting a worker."""

import dj_database_url
import pytest
from django.db import connection

from tests import celery_worker


def test_missing_services_skip_on_a_developer_machine(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="REDIS_URL"):
        celery_worker._missing("Worker tests need REDIS_URL.")


def test_missing_services_fail_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        celery_worker._missing("Worker tests need REDIS_URL.")


def test_the_worker_gets_the_test_database_not_the_main_one(db, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "test_kpu_portal")
    monkeypatch.setitem(connection.settings_dict, "USER", "postgres")
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "p@ss word")
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", 5432)
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {"sslmode": "disable"})

    url = celery_worker.worker_database_url()

    assert url == "postgres://postgres:p%40ss%20word@127.0.0.1:5432/test_kpu_portal?sslmode=disable"
    parsed = dj_database_url.parse(url)
    assert (parsed["NAME"], parsed["PASSWORD"]) == ("test_kpu_portal", "p@ss word")
    assert parsed["OPTIONS"] == {"sslmode": "disable"}
