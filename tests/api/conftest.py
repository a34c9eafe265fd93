"""API test helpers: a DRF client, signed in as whoever the test names."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def fresh_throttle():
    # Throttle counters live in the cache, which outlives a test: without this,
    # the sign-in tests of one run would throttle each other.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def api_as(make_user):
    """``api_as("33", "editor")``: a client signed in as a new user there."""

    def client(code: str, role: str = "viewer") -> APIClient:
        signed_in = APIClient()
        signed_in.force_authenticate(make_user(code, role))
        return signed_in

    return client
