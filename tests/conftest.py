"""Shared test set-up: the real 553-unit tree, and named people at named units.

The tree (and the reference rows that migrations add, such as the voter segments)
is seeded once per test database (session) and every test runs inside a
transaction, so it is always there. Tests that commit (transactional_db,
live_server) flush the database afterwards; the ``tree`` fixture re-seeds then.
"""

import importlib

import pytest
from django.apps import apps
from django.core.cache import caches
from rest_framework.test import APIClient

from analytics import page_cache
from satker.models import Satker
from satker.tree import seed_tree

from .celery_worker import celery_eager, celery_worker_process, celery_worker_session  # noqa: F401
from .factories import UserFactory

# Units the tests talk about, by Kemendagri code.
NATIONAL = "00"
JATENG = "33"  # KPU Provinsi Jawa Tengah (WIB)
SEMARANG = "33.74"  # KPU Kota Semarang, a regency-level unit under Jawa Tengah
BANYUMAS = "33.02"  # a sibling of Semarang
ACEH = "11"  # KIP Aceh, another province
BANDA_ACEH = "11.71"
SULSEL = "73"  # WITA
PAPUA = "91"  # WIT


def ensure_reference_data() -> None:
    """Put back what a flush removed: the unit tree and the default voter segments."""
    if not Satker.objects.exists():
        seed_tree()
    segments = importlib.import_module("campaigns.migrations.0002_default_segments")
    segments.add_default_segments(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached dashboard body: the database a body was cached
    from is rolled back, and the next test's roll-up generation starts over."""
    caches[page_cache.ALIAS].clear()


@pytest.fixture
def tree(db):
    """The seeded unit tree, as a callable: ``tree("33.74")`` is KPU Kota Semarang."""
    if not Satker.objects.exists():  # flushed by an earlier transactional test
        ensure_reference_data()

    def unit(code: str) -> Satker:
        return Satker.objects.get(code=code)

    return unit


@pytest.fixture
def make_user(tree):
    """``make_user("33.74", "editor")``: a signed-up person at a unit with a role."""

    def make(code: str, role: str = "viewer", **fields):
        return UserFactory(satker=tree(code), role=role, **fields)

    return make


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def api_as(make_user):
    """``api_as("33", "editor")``: an API client signed in as a new user there."""

    def client(code: str, role: str = "viewer") -> APIClient:
        signed_in = APIClient()
        signed_in.force_authenticate(make_user(code, role))
        return signed_in

    return client
