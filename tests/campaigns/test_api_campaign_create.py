"""POST /api/v1/campaigns/: units with units below them draft briefs."""

from datetime import datetime, timedelta

import pytest

from campaigns.models import Campaign

from .test_api_support import (
    brief_payload,
)

URL = "/api/v1/campaigns/"

FIELDS = {
    "id",
    "title",
    "summary",
    "key_messages",
    "hashtags",
    "guidance",
    "segments",
    "platforms",
    "starts_at",
    "due_at",
    "priority",
    "scope",
    "status",
    "version",
    "satker",
}


def test_a_national_editor_creates_a_draft(api_as, tree):
    response = api_as("00", "editor").post(URL, brief_payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= FIELDS
    assert body["status"] == "draft"
    assert body["version"] == 1
    assert body["satker"] == tree("00").pk
    assert body["segments"] == ["first_time", "young"]
    assert body["platforms"] == ["instagram", "x"]
    assert body["hashtags"] == ["#PemiluDamai", "#CekDPT"]
    assert body["scope"] == {"mode": "subtree", "levels": [], "units": []}
    assert Campaign.objects.get(pk=body["id"]).title == "Ayo cek DPT"


def test_the_answer_is_the_stored_brief(api_as):
    client = api_as("00", "editor")
    created = client.post(URL, brief_payload()).json()
    assert client.get(f"{URL}{created['id']}/").json() == created


def test_a_brief_without_scope_targets_the_whole_subtree(api_as):
    brief = api_as("00", "editor").post(URL, brief_payload()).json()
    response = api_as("00", "approver").post(f"{URL}{brief['id']}/publish/")
    assert response.status_code == 200
    assert response.json()["assignments_created"] == 552


def test_a_jawa_tengah_brief_reaches_its_35_regencies(api_as):
    brief = api_as("33", "editor").post(URL, brief_payload()).json()
    response = api_as("33", "approver").post(f"{URL}{brief['id']}/publish/")
    assert response.json()["assignments_created"] == 35


def test_a_brief_for_chosen_levels_reaches_those_levels(api_as):
    scope = {"mode": "levels", "levels": ["province"]}
    brief = api_as("00", "editor").post(URL, brief_payload(scope=scope)).json()
    assert brief["scope"] == {"mode": "levels", "levels": ["province"], "units": []}
    response = api_as("00", "approver").post(f"{URL}{brief['id']}/publish/")
    assert response.json()["assignments_created"] == 38


def test_a_brief_for_chosen_units_reaches_only_those(api_as, tree):
    units = [tree("33.74").pk, tree("33.02").pk]
    scope = {"mode": "units", "units": units}
    brief = api_as("33", "editor").post(URL, brief_payload(scope=scope)).json()
    assert sorted(brief["scope"]["units"]) == sorted(units)
    response = api_as("33", "approver").post(f"{URL}{brief['id']}/publish/")
    assert response.json()["assignments_created"] == 2


def test_units_given_with_another_mode_are_not_kept(api_as, tree):
    scope = {"mode": "levels", "levels": ["regency"], "units": [tree("33.74").pk]}
    brief = api_as("00", "editor").post(URL, brief_payload(scope=scope)).json()
    assert brief["scope"] == {"mode": "levels", "levels": ["regency"], "units": []}
    response = api_as("00", "approver").post(f"{URL}{brief['id']}/publish/")
    assert response.json()["assignments_created"] == 514


def test_an_urgent_clarification_is_due_its_deadline_hours_after_the_start(api_as):
    payload = brief_payload(priority="urgent", deadline_hours=6)
    del payload["due_at"]
    response = api_as("00", "editor").post(URL, payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    starts_at = datetime.fromisoformat(body["starts_at"])
    assert datetime.fromisoformat(body["due_at"]) - starts_at == timedelta(hours=6)
    assert body["priority"] == "urgent"


def test_an_urgent_deadline_overrides_a_given_due_time(api_as):
    payload = brief_payload(priority="urgent", deadline_hours=2)
    body = api_as("00", "editor").post(URL, payload).json()
    assert datetime.fromisoformat(body["due_at"]) - datetime.fromisoformat(
        body["starts_at"]
    ) == timedelta(hours=2)


@pytest.mark.parametrize(
    ("code", "role"),
    [
        ("33.74", "editor"),  # a regency has no units below it
        ("33.74", "admin"),
        ("00", "viewer"),
        ("33", "viewer"),
    ],
)
def test_only_editors_at_units_with_units_below_create_briefs(api_as, code, role):
    count = Campaign.objects.count()
    response = api_as(code, role).post(URL, brief_payload())
    assert response.status_code == 403
    assert Campaign.objects.count() == count


def test_a_regency_is_refused_before_its_input_is_checked(api_as):
    response = api_as("33.74", "editor").post(URL, {"title": ""})
    assert response.status_code == 403


def test_an_anonymous_caller_must_sign_in(api):
    assert api.post(URL, brief_payload()).status_code == 401
    assert api.get(URL).status_code == 401
