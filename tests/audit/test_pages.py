"""The audit log page: admins only, their subtree only, newest first in pages of 50,
filterable, each row readable in the viewer's own time zone."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from satker.roles import Role

URL = reverse("audit-list")


def listed(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    return re.findall(r'<tr class="audit-entry">.*?</td>\s*<td>[^<]*?: ([^<]+?) <span', page, re.S)


def test_only_admins_open_the_log(client, make_user):
    for role in [Role.VIEWER, Role.EDITOR, Role.APPROVER]:
        client.force_login(make_user("33", role))
        assert client.get(URL).status_code == 403
        assert client.get(reverse("audit-export")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_province_admin_sees_its_subtree_and_nothing_else(client, as_admin, record):
    record("33", "jateng-row")
    record("33.74", "semarang-row")
    record("00", "national-row")
    record("11", "aceh-row")
    record("11.71", "banda-aceh-row")
    as_admin("33")
    assert sorted(listed(client)) == ["jateng-row", "semarang-row"]


def test_a_regency_admin_does_not_see_its_province_or_siblings(client, as_admin, record):
    record("33", "jateng-row")
    record("33.74", "semarang-row")
    record("33.02", "banyumas-row")
    as_admin("33.74")
    assert listed(client) == ["semarang-row"]


def test_the_national_admin_sees_every_unit(client, as_admin, record):
    record("33.74", "semarang-row")
    record("00", "national-row")
    record("11", "aceh-row")
    as_admin("00")
    assert sorted(listed(client)) == ["aceh-row", "national-row", "semarang-row"]


def test_a_unit_filter_outside_the_subtree_is_refused_and_leaks_nothing(
    client, as_admin, record, tree
):
    record("11", "aceh-row")
    record("33", "jateng-row")
    as_admin("33")
    page = client.get(URL, {"unit": tree("11").pk}).content.decode()
    assert "Choose a work unit within your own subtree." in page
    assert "aceh-row" not in page
    assert "jateng-row" in page


def test_newest_first_50_a_page(client, as_admin, record):
    for number in range(52):
        record("33", f"row-{number:02d}", at=datetime(2026, 3, 1, 8, number, tzinfo=UTC))
    as_admin("33")
    first = listed(client)
    assert len(first) == 50
    assert first[:2] == ["row-51", "row-50"]
    assert listed(client, page=2) == ["row-01", "row-00"]
    assert "Page 1 of 2" in client.get(URL).content.decode()


def test_it_filters_by_unit_including_the_units_below(client, as_admin, record, tree):
    record("33", "jateng-row")
    record("33.74", "semarang-row")
    record("33.02", "banyumas-row")
    as_admin("00")
    assert listed(client, unit=tree("33.74").pk) == ["semarang-row"]
    assert sorted(listed(client, unit=tree("33").pk)) == [
        "banyumas-row",
        "jateng-row",
        "semarang-row",
    ]


def test_it_filters_by_object_type_and_action(client, as_admin, record):
    record("33", "brief-published", object_type="campaigns.campaign", action="publish")
    record("33", "brief-closed", object_type="campaigns.campaign", action="close")
    record("33", "person-edited", object_type="satker.user", action="edit")
    as_admin("33")
    assert sorted(listed(client, object_type="campaigns.campaign")) == [
        "brief-closed",
        "brief-published",
    ]
    assert listed(client, action="close") == ["brief-closed"]
    assert listed(client, object_type="satker.user", action="publish") == []


def test_it_filters_by_the_actors_username(client, as_admin, record, make_user):
    budi = make_user("33", "editor", username="budi")
    record("33", "by-budi", actor=budi)
    record("33", "by-budiman", actor=make_user("33", "editor", username="budiman"))
    record("33", "by-a-command")
    as_admin("33")
    assert listed(client, actor="BUDI") == ["by-budi"]


def test_the_date_range_is_read_in_the_viewers_zone(client, as_admin, record):
    # 16:30 UTC is 23:30 WIB on 1 March, but 01:30 WIT on 2 March.
    record("00", "late", at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
    record("00", "early", at=datetime(2026, 3, 1, 1, 0, tzinfo=UTC))
    record("00", "next", at=datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    as_admin("00")  # the centre reads WIB
    assert sorted(listed(client, date_from="2026-03-01", date_to="2026-03-01")) == [
        "early",
        "late",
    ]
    assert listed(client, date_from="2026-03-02") == ["next"]
    assert listed(client, date_to="2026-02-28") == []


def test_a_backwards_date_range_is_reported(client, as_admin, record):
    record("33", "row")
    as_admin("33")
    page = client.get(URL, {"date_from": "2026-03-02", "date_to": "2026-03-01"}).content.decode()
    assert "The end date is before the start date." in page


@pytest.mark.parametrize("days", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}])
def test_a_day_at_the_calendars_edge_is_reported(client, as_admin, record, days):
    record("33", "row")
    as_admin("33")
    assert "Choose a day in the years 2000 to 2099." in client.get(URL, days).content.decode()
    assert listed(client, **days) == ["row"]


def test_each_row_reads_in_the_viewers_zone_with_its_changes(client, as_admin, record, make_user):
    editor = make_user("91", "editor", username="yakob")
    record(
        "91",
        "yakob",
        actor=editor,
        at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC),
        changes={
            "role": ["editor", "approver"],
            "is_active": [True, False],
            "password": [None, "password changed"],
        },
    )
    as_admin("91")  # Papua reads WIT
    page = client.get(URL).content.decode()
    assert "2 Mar 2026, 01:30 WIT" in page
    assert 'datetime="2026-03-01T16:30:00+00:00"' in page
    assert "KPU Provinsi Papua" in page
    assert "Role: Editor" in page and "Approver" in page
    assert "Active: Yes" in page
    assert "Password: password changed" in page
    assert "yakob" in page


def test_a_briefs_dates_and_codes_read_as_words(client, as_admin, record):
    record(
        "33",
        "Ayo cek DPT",
        object_type="campaigns.campaign",
        action="amend",
        changes={
            "due_at": ["2026-03-01T10:00:00+00:00", "2026-03-02T10:00:00+00:00"],
            "platforms": [["instagram", "x"], ["youtube"]],
            "priority": ["normal", "urgent"],
        },
    )
    as_admin("33")
    page = client.get(URL).content.decode()
    assert "Target platforms: Instagram, X" in page and "YouTube</li>" in page
    assert "Priority: Normal" in page and "Urgent hoax clarification</li>" in page
    assert "Due: 1 Mar 2026, 17:00 WIB" in page
    assert "2 Mar 2026, 17:00 WIB" in page
    assert "Voter-education brief: Ayo cek DPT" in page
    assert "Amended" in page


def test_the_page_speaks_indonesian(client, make_user, record):
    record("33", "row", action="create", changes={"password": [None, "password changed"]})
    client.force_login(make_user("33", "admin"))
    client.cookies["django_language"] = "id"
    page = client.get(URL).content.decode()
    assert "<h1>Log Audit</h1>" in page
    assert "<td>Dibuat</td>" in page
    assert "Sandi: sandi diubah" in page


def test_a_bad_page_number_shows_a_page(client, as_admin, record):
    record("33", "row")
    as_admin("33")
    assert listed(client, page="abc") == ["row"]
    assert listed(client, page="99") == ["row"]


def test_a_page_costs_the_same_queries_for_2_and_50_rows(client, as_admin, record, make_user):
    as_admin("33")
    counts = []
    for rows in (2, 48):
        for number in range(rows):
            record("33.74", f"row-{number}", actor=make_user("33.74", "editor"))
        with CaptureQueriesContext(connection) as queries:
            client.get(URL)
        counts.append(len(queries))
    assert counts[0] == counts[1]
