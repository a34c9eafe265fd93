"""The log of successful sign-ins (django-axes) keeps SIGN_IN_LOG_DAYS days: a daily
beat task forgets older rows."""

from datetime import timedelta

from axes.models import AccessLog
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from satker.tasks import prune_sign_in_log


def test_a_sign_in_is_logged(make_user):
    person = make_user("33.74", "editor", username="budi.semarang")
    person.set_password("kpu horse battery staple")
    person.save()
    form = {"username": "budi.semarang", "password": "kpu horse battery staple"}
    assert Client().post(reverse("login"), form).status_code == 302
    assert AccessLog.objects.filter(username="budi.semarang").count() == 1


def test_the_daily_task_forgets_sign_ins_older_than_the_limit(db):
    old = AccessLog.objects.create(username="lama", user_agent="", http_accept="", path_info="/")
    recent = AccessLog.objects.create(username="baru", user_agent="", http_accept="", path_info="/")
    limit = timedelta(days=settings.SIGN_IN_LOG_DAYS)
    AccessLog.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - limit - timedelta(hours=1)
    )
    AccessLog.objects.filter(pk=recent.pk).update(
        attempt_time=timezone.now() - limit + timedelta(hours=1)
    )
    assert prune_sign_in_log() == 1
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["baru"]


def test_the_beat_runs_it_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["prune-sign-in-log"]
    assert entry["task"] == "satker.tasks.prune_sign_in_log"
    assert entry["schedule"] == 24 * 3600
