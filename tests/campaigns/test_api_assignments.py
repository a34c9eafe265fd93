"""GET /api/v1/assignments/ and assignments/{id}/, POST assignments/{id}/acknowledge/."""

from datetime import datetime, timedelta

import pytest
import time_machine

from campaigns.models import Assignment

from .test_api_support import (
    published_brief,
)

URL = "/api/v1/assignments/"


def _list(client, **filters) -> list[dict]:
    response = client.get(URL, {"page_size": 1000, **filters})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == len(body["results"])
    return body["results"]


def _assignment(brief, code: str) -> Assignment:
    return Assignment.objects.get(campaign=brief, satker__code=code)


def _acknowledge(client, assignment):
    return client.post(f"{URL}{assignment.pk}/acknowledge/")


@pytest.fixture
def national_brief(tree, make_user):
    return published_brief(tree, make_user, "00")


def test_an_assignment_has_the_promised_fields(api_as, tree, national_brief):
    [row] = _list(api_as("33.74", "viewer"))
    assert row["campaign"] == national_brief.pk
    assert row["satker"] == tree("33.74").pk
    assert row["status"] == "pending"
    assert row["acknowledged_at"] is None
    assert datetime.fromisoformat(row["due_at"]) == national_brief.due_at
    assert row["overdue"] is False


@pytest.mark.parametrize(("code", "count"), [("00", 552), ("33", 36), ("11", 24), ("33.74", 1)])
def test_the_list_holds_the_callers_subtree_only(api_as, tree, national_brief, code, count):
    rows = _list(api_as(code, "viewer"))
    assert len(rows) == count
    unit = tree(code)
    assert all(
        unit.lft <= Assignment.objects.get(pk=row["id"]).satker.lft <= unit.rght for row in rows
    )


@pytest.mark.parametrize(("code", "status"), [("33.74", 200), ("33", 200), ("11", 404)])
def test_an_assignment_is_readable_in_its_units_ancestry_only(api_as, national_brief, code, status):
    assignment = _assignment(national_brief, "33.74")
    assert api_as(code, "viewer").get(f"{URL}{assignment.pk}/").status_code == status


def test_the_list_filters_by_campaign(api_as, tree, make_user, national_brief):
    other = published_brief(tree, make_user, "33")
    client = api_as("33", "viewer")
    assert len(_list(client)) == 36 + 35
    assert {row["campaign"] for row in _list(client, campaign=other.pk)} == {other.pk}
    assert len(_list(client, campaign=other.pk)) == 35


def test_the_list_filters_by_unit(api_as, tree, national_brief):
    rows = _list(api_as("33", "viewer"), satker=tree("33.74").pk)
    assert [row["satker"] for row in rows] == [tree("33.74").pk]


def test_a_unit_filter_outside_scope_finds_nothing(api_as, tree, national_brief):
    assert _list(api_as("33", "viewer"), satker=tree("11.71").pk) == []


def test_the_list_filters_by_status(api_as, national_brief):
    client = api_as("33.74", "editor")
    _acknowledge(client, _assignment(national_brief, "33.74"))
    viewer = api_as("33", "viewer")
    assert [row["status"] for row in _list(viewer, status="acknowledged")] == ["acknowledged"]
    assert len(_list(viewer, status="pending")) == 35


def test_an_unknown_status_is_refused_naming_the_filter(api_as, national_brief):
    response = api_as("33", "viewer").get(URL, {"status": "finished"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_the_list_filters_overdue_assignments(api_as, tree, make_user, national_brief):
    later = published_brief(tree, make_user, "33", due_at=national_brief.due_at + timedelta(days=7))
    Assignment.objects.filter(campaign=national_brief, satker__code="33.74").update(
        status="published"
    )
    client = api_as("33", "viewer")
    with time_machine.travel(national_brief.due_at + timedelta(seconds=1), tick=False):
        overdue = _list(client, overdue="true")
        on_time = _list(client, overdue="false")
    assert len(overdue) == 35
    assert {row["campaign"] for row in overdue} == {national_brief.pk}
    assert all(row["overdue"] for row in overdue)
    assert len(on_time) == 35 + 1
    assert {row["campaign"] for row in on_time} == {national_brief.pk, later.pk}
    assert not any(row["overdue"] for row in on_time)


def test_nothing_is_overdue_when_just_published(api_as, national_brief):
    assert _list(api_as("33", "viewer"), overdue="true") == []


def test_the_units_editor_acknowledges_its_assignment(api_as, national_brief):
    assignment = _assignment(national_brief, "33.74")
    with time_machine.travel(datetime(2026, 5, 4, 9, 30, tzinfo=national_brief.due_at.tzinfo)):
        response = _acknowledge(api_as("33.74", "editor"), assignment)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == assignment.pk
    assert body["status"] == "acknowledged"
    assert datetime.fromisoformat(body["acknowledged_at"]).date().isoformat() == "2026-05-04"
    assignment.refresh_from_db()
    assert assignment.status == "acknowledged"


def test_acknowledging_twice_is_a_conflict(api_as, national_brief):
    assignment = _assignment(national_brief, "33.74")
    editor = api_as("33.74", "editor")
    first = _acknowledge(editor, assignment).json()["acknowledged_at"]
    response = _acknowledge(editor, assignment)
    assert response.status_code == 409
    assert "detail" in response.json()
    assignment.refresh_from_db()
    assert assignment.acknowledged_at == datetime.fromisoformat(first)


def test_a_province_cannot_acknowledge_its_regencys_assignment(api_as, national_brief):
    assignment = _assignment(national_brief, "33.74")
    assert _acknowledge(api_as("33", "admin"), assignment).status_code == 403
    assert _assignment(national_brief, "33.74").status == "pending"


def test_a_unit_cannot_acknowledge_an_assignment_outside_its_scope(api_as, national_brief):
    assignment = _assignment(national_brief, "33.74")
    assert _acknowledge(api_as("33.02", "editor"), assignment).status_code == 404
    assert _acknowledge(api_as("11", "admin"), assignment).status_code == 404


def test_a_viewer_cannot_acknowledge(api_as, national_brief):
    assignment = _assignment(national_brief, "33.74")
    assert _acknowledge(api_as("33.74", "viewer"), assignment).status_code == 403


def test_an_anonymous_caller_must_sign_in(api, national_brief):
    assert api.get(URL).status_code == 401
    assert _acknowledge(api, _assignment(national_brief, "33.74")).status_code == 401


def test_assignments_cannot_be_written_directly(api_as, national_brief):
    assignment = _assignment(national_brief, "33.74")
    client = api_as("00", "admin")
    assert client.post(URL, {"campaign": national_brief.pk}).status_code == 405
    assert client.patch(f"{URL}{assignment.pk}/", {"status": "published"}).status_code == 405
    assert client.delete(f"{URL}{assignment.pk}/").status_code == 405
