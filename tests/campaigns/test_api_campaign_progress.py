"""GET /api/v1/campaigns/{id}/progress/: cumulative counts of the caller's unit's
subtree (its own assignment included) and the same per child unit."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import Assignment

from .test_api_support import (
    published_brief,
)

COUNTS = ["total", "acknowledged", "submitted", "approved", "published", "overdue"]


def _progress(client, brief) -> dict:
    response = client.get(f"/api/v1/campaigns/{brief.pk}/progress/")
    assert response.status_code == 200
    return response.json()


def _counts(row: dict) -> dict:
    return {name: row[name] for name in COUNTS}


def _row(progress: dict, code: str) -> dict:
    return next(child for child in progress["children"] if child["satker"]["code"] == code)


def _acknowledge(api_as, brief, *codes):
    for code in codes:
        assignment = Assignment.objects.get(campaign=brief, satker__code=code)
        response = api_as(code, "editor").post(f"/api/v1/assignments/{assignment.pk}/acknowledge/")
        assert response.status_code == 200


@pytest.fixture
def national_brief(tree, make_user, api_as):
    """A national brief, acknowledged by two Jawa Tengah regencies."""
    brief = published_brief(tree, make_user, "00")
    _acknowledge(api_as, brief, "33.74", "33.02")
    return brief


def _expected(total, acknowledged=0, submitted=0, approved=0, published=0, overdue=0):
    return dict(zip(COUNTS, [total, acknowledged, submitted, approved, published, overdue]))


def test_the_centre_sees_the_nation_and_each_province(api_as, tree, national_brief):
    progress = _progress(api_as("00", "viewer"), national_brief)
    assert progress["satker"] == {"id": tree("00").pk, "code": "00", "name": tree("00").name}
    assert _counts(progress) == _expected(552, acknowledged=2)
    assert len(progress["children"]) == 38
    # Jawa Tengah's own assignment and its 35 regencies'
    assert _counts(_row(progress, "33")) == _expected(36, acknowledged=2)
    assert _counts(_row(progress, "11")) == _expected(24)
    assert sum(child["total"] for child in progress["children"]) == 552


def test_a_province_sees_its_subtree_and_each_regency(api_as, national_brief):
    progress = _progress(api_as("33", "viewer"), national_brief)
    assert progress["satker"]["code"] == "33"
    assert _counts(progress) == _expected(36, acknowledged=2)
    assert len(progress["children"]) == 35
    assert _counts(_row(progress, "33.74")) == _expected(1, acknowledged=1)
    assert _counts(_row(progress, "33.01")) == _expected(1)
    assert "children" not in progress["children"][0]


def test_a_regency_sees_its_own_assignment(api_as, national_brief):
    progress = _progress(api_as("33.74", "viewer"), national_brief)
    assert _counts(progress) == _expected(1, acknowledged=1)
    assert progress["children"] == []


def test_a_province_brief_counts_its_regencies_only(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "33")
    progress = _progress(api_as("00", "viewer"), brief)
    assert progress["total"] == 35
    assert _row(progress, "33")["total"] == 35
    assert _row(progress, "11")["total"] == 0
    assert _progress(api_as("33", "viewer"), brief)["total"] == 35


def test_later_states_count_as_every_earlier_one(api_as, national_brief):
    later = {"33.01": "submitted", "33.03": "approved", "33.04": "published"}
    for code, status in later.items():
        Assignment.objects.filter(campaign=national_brief, satker__code=code).update(status=status)
    progress = _progress(api_as("33", "viewer"), national_brief)
    assert _counts(progress) == _expected(36, acknowledged=5, submitted=3, approved=2, published=1)


def test_nothing_is_overdue_before_the_due_time(api_as, national_brief):
    with time_machine.travel(national_brief.due_at - timedelta(seconds=1), tick=False):
        assert _progress(api_as("00", "viewer"), national_brief)["overdue"] == 0


def test_every_unpublished_assignment_is_overdue_after_the_due_time(api_as, national_brief):
    Assignment.objects.filter(campaign=national_brief, satker__code="33.74").update(
        status="published"
    )
    with time_machine.travel(national_brief.due_at + timedelta(seconds=1), tick=False):
        progress = _progress(api_as("00", "viewer"), national_brief)
    assert progress["overdue"] == 551
    assert _row(progress, "33")["overdue"] == 35
    assert _row(progress, "11")["overdue"] == 24


def test_progress_costs_the_same_queries_for_a_regency_and_the_nation(api_as, national_brief):
    national, regency = api_as("00", "viewer"), api_as("33.74", "viewer")
    with CaptureQueriesContext(connection) as for_a_regency:
        _progress(regency, national_brief)
    with CaptureQueriesContext(connection) as for_the_nation:
        _progress(national, national_brief)
    # the brief, the subtree's units, its assignments
    assert len(for_a_regency) == len(for_the_nation) == 3
