"""A CSV file read by analytics.csv_format and stored by analytics.ingest, as the upload
page and its background job do: cells are passed on as written, the ingest reads them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analytics import csv_format
from analytics.ingest import IngestError, IngestResult, snapshots_ingest
from analytics.models import Snapshot

pytestmark = pytest.mark.django_db


def _store(editor, text: str) -> IngestResult:
    parsed = csv_format.parse(text.encode())
    try:
        return snapshots_ingest(by=editor, items=parsed.items, source="csv")
    except IngestError as error:
        raise AssertionError(parsed.row_errors(error.errors)) from None


def _when(hours_ago: int) -> str:
    return (timezone.localtime() - timedelta(hours=hours_ago)).strftime("%Y-%m-%d %H:%M")


def test_padded_cells_and_semicolons_are_read(editor, post):
    text = (
        "views ; post ; captured_at ; impressions;reach;likes;comments;shares\r\n"
        f" 640 ; {post.pk} ; {_when(2)} ;1200; 900 ;80;7;5\r\n"
        f"650;{post.url}/;{_when(1)};1300;950;81;8;6\r\n"
        ";;;;;;;\r\n"
    )
    assert _store(editor, text) == IngestResult(created=2)
    first = Snapshot.objects.order_by("captured_at").first()
    assert (first.views, first.reach, first.impressions) == (640, 900, 1200)
    assert _store(editor, text) == IngestResult(unchanged=2)


def test_a_short_row_names_its_missing_cells_by_line(editor, post, english):
    text = (
        f"post,captured_at,impressions,reach,likes,comments,shares,views\n{post.pk},{_when(1)},1\n"
    )
    parsed = csv_format.parse(text.encode())
    with pytest.raises(IngestError) as raised:
        snapshots_ingest(by=editor, items=parsed.items, source="csv")
    rows = parsed.row_errors(raised.value.errors)
    assert [(row["row"], row["field"]) for row in rows] == [
        (2, "reach"),
        (2, "likes"),
        (2, "comments"),
        (2, "shares"),
        (2, "views"),
    ]
    assert not Snapshot.objects.exists()
