"""Notifications through Redis and a real Celery worker process, not eager mode."""

import time

import pytest
from django.db import transaction

from campaigns import services
from campaigns.models import Notification
from tests.factories import CampaignFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_publishing_notifies_and_emails_the_units_through_the_worker(
    celery_worker_process, tree, make_user
):
    make_user("33.74", "editor", email="semarang@kpu.example")
    make_user("91.71", "editor", email="jayapura@kpu.example")
    approver = make_user("00", "approver")
    brief = CampaignFactory(satker=tree("00"), title="Cek DPT lewat worker")

    with transaction.atomic():
        assert services.campaign_publish(campaign=brief, by=approver) == 552
        assert not Notification.objects.exists(), "notices are the worker's, after commit"

    assert _wait_for(lambda: Notification.objects.filter(emailed_at__isnull=False).count() == 2)
    assert _wait_for(lambda: len(celery_worker_process.sent_mail()) >= 1)
    mail = "\n".join(celery_worker_process.sent_mail())
    assert "semarang@kpu.example" in mail and "jayapura@kpu.example" in mail
    assert "Cek DPT lewat worker" in mail
    assert "WIT" in mail  # Jayapura's due time in its own zone
