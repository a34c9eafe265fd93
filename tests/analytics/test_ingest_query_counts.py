"""The ingest's queries do not grow with the number of items.

Posts and existing snapshots are read a chunk (1,000 items) per query. Writes go in
batches: on PostgreSQL 1,000 rows per statement; SQLite's limit of 999 parameters
per statement cuts an insert batch to 76 rows, which the expected count allows for.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.ingest import CHUNK, snapshots_ingest
from analytics.models import Snapshot
from satker.models import User

from .conftest import ALL_PLATFORMS, item

pytestmark = pytest.mark.django_db

# The reporter's unit (its time zone), the posts, the existing snapshots, and the
# transaction's savepoint and its release around the writes.
READS_AND_TRANSACTION = 5


def _batch(posts, count: int, start_minutes: int = 0) -> list[dict]:
    now = timezone.now().replace(microsecond=0)
    return [
        item(posts[n % len(posts)], now - timedelta(minutes=start_minutes + n))
        for n in range(count)
    ]


def _insert_batches(count: int) -> int:
    fields = [field for field in Snapshot._meta.concrete_fields if not field.primary_key]
    size = min(CHUNK, connection.ops.bulk_batch_size(fields, [None] * count) or CHUNK)
    return -(-count // size)


@pytest.fixture
def posts(published):
    return [published(platform=platform) for platform in ALL_PLATFORMS]


@pytest.mark.parametrize("count", [10, 500])
def test_storing_new_snapshots_costs_the_same_reads_for_10_or_500(
    editor, posts, count, django_assert_num_queries
):
    reporter = User.objects.get(pk=editor.pk)  # its unit not yet loaded
    with django_assert_num_queries(READS_AND_TRANSACTION + _insert_batches(count)):
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
    assert counts[0] == counts[1] == READS_AND_TRANSACTION
