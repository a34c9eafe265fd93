"""Test-only tasks, imported by the test worker (tests/celery_worker.py) and the tests."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.cache import cache


@shared_task(ignore_result=False)
def user_exists(username: str) -> bool:
    """What the worker's database says: does this user exist?"""
    return get_user_model().objects.filter(username=username).exists()


@shared_task
def remember_user_exists(username: str, cache_key: str) -> None:
    """Write the answer where the test can read it (the shared Redis cache)."""
    cache.set(cache_key, user_exists(username), timeout=60)
