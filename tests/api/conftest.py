"""API tests: throttle counters start empty (``api`` and ``api_as`` are in tests/conftest.py)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_throttle():
    # Throttle counters live in the cache, which outlives a test: without this,
    # the sign-in tests of one run would throttle each other.
    cache.clear()
    yield
    cache.clear()
