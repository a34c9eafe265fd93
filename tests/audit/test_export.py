"""The CSV export: the filtered list, scoped like the page, streamed with a header row."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

URL = reverse("audit-export")
HEADER = [
    "time_utc",
    "time_local",
    "actor",
    "unit_code",
    "unit",
    "object_type",
    "object_id",
    "object",
    "action",
    "changes",
    "object_type_label",
    "action_label",
    "changes_text",
]


def exported(client, **params) -> list[dict]:
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")  # spreadsheets then read it as UTF-8
    reader = csv.reader(io.StringIO(text[1:]))
    assert next(reader) == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in reader]


def test_it_exports_the_subtree_only(client, as_admin, record):
    record("33", "jateng-row")
    record("33.74", "semarang-row")
    record("00", "national-row")
    record("11", "aceh-row")
    as_admin("33")
    assert sorted(row["object"] for row in exported(client)) == ["jateng-row", "semarang-row"]


def test_it_exports_the_filtered_list_newest_first(client, as_admin, record, tree):
    record("33.74", "old", at=datetime(2026, 3, 1, 1, 0, tzinfo=UTC))
    record("33.74", "new", at=datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    record("33.74", "closed", action="close")
    record("33.02", "elsewhere")
    as_admin("33")
    rows = exported(client, unit=tree("33.74").pk, action="edit")
    assert [row["object"] for row in rows] == ["new", "old"]


def test_each_line_carries_the_row(client, as_admin, record, make_user):
    budi = make_user("73", "admin", username="budi")
    record(
        "73",
        "Ayo cek DPT",
        actor=budi,
        action="close",
        object_type="campaigns.campaign",
        at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC),
        changes={"status": ["published", "closed"]},
    )
    client.force_login(budi)  # Sulawesi Selatan reads WITA
    (row,) = exported(client)
    assert row["time_utc"] == "2026-03-01T16:30:00+00:00"
    assert row["time_local"] == "2 Mar 2026, 00:30 WITA"
    assert (row["actor"], row["unit_code"], row["action"]) == ("budi", "73", "close")
    assert (row["object_type"], row["object_id"]) == ("campaigns.campaign", "1")
    assert json.loads(row["changes"]) == {"status": ["published", "closed"]}
    # The same in words, in the reader's language (Indonesian by default).
    assert (row["object_type_label"], row["action_label"]) == ("Program sosialisasi", "Ditutup")
    assert row["changes_text"].startswith("Status: ") and " → Ditutup" in row["changes_text"]


def test_a_cell_a_spreadsheet_would_run_is_quoted(client, as_admin, record):
    record("33", '=HYPERLINK("http://evil.example")')
    as_admin("33")
    (row,) = exported(client)
    assert row["object"] == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("role", ["viewer", "editor", "approver"])
def test_only_admins_export(client, make_user, role):
    client.force_login(make_user("00", role))
    assert client.get(URL).status_code == 403
