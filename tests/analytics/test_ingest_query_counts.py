"""The ingest's queries do not grow with the number of items.

Posts are read a chunk (1,000 items) per query, each post once. The write is set-based:
the rows are staged in a temporary table and stored by one upsert, however many.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.ingest import snapshots_ingest
from satker.models import User

from .conftest import ALL_PLATFORMS, item

pytestmark = pytest.mark.django_db


def expected_queries() -> int:
    """The reporter's unit (its time zone), the posts, the transaction's savepoint and
    its release, and the write: create the staging table, fill it, upsert, drop it.

    PostgreSQL fills it with COPY, which Django's log does not list; SQLite reads the
    largest id first (to tell created rows from updated ones) and fills it with one
    executemany.
    """
    return 7 if connection.vendor == "postgresql" else 9


def _batch(posts, count: int, start_minutes: int = 0) -> list[dict]:
    now = timezone.now().replace(microsecond=0)
    return [
        item(posts[n % len(posts)], now - timedelta(minutes=start_minutes + n))
        for n in range(count)
    ]


@pytest.fixture
def posts(published):
    return [published(platform=platform) for platform in ALL_PLATFORMS]


@pytest.mark.parametrize("count", [10, 2500])
def test_storing_new_snapshots_costs_the_same_queries_for_10_or_2500(
    editor, posts, count, django_assert_num_queries
):
    reporter = User.objects.get(pk=editor.pk)  # its unit not yet loaded
    # 2,500 items are three chunks: the posts were all read with the first.
    with django_assert_num_queries(expected_queries()):
        result = snapshots_ingest(by=reporter, items=_batch(posts, count), source="api")
    assert result.created == count


def test_resending_10_or_500_snapshots_costs_the_same(editor, posts):
    counts = []
    for count in (10, 500):
        batch = _batch(posts, count, start_minutes=20 * count)
        snapshots_ingest(by=editor, items=batch, source="api")
        reporter = User.objects.get(pk=editor.pk)
        with CaptureQueriesContext(connection) as queries:
            result = snapshots_ingest(by=reporter, items=batch, source="api")
        assert result.unchanged == count
        counts.append(len(queries))
    assert counts[0] == counts[1] == expected_queries()
