"""POST/PATCH /api/v1/campaigns/ with bad input: 400 naming the field, nothing stored."""

from datetime import datetime, timedelta

import pytest

from campaigns.models import Campaign

from .test_api_support import (
    brief_payload,
)

URL = "/api/v1/campaigns/"


def _starts_at() -> datetime:
    return datetime.fromisoformat(brief_payload()["starts_at"])


def _without(field: str) -> dict:
    payload = brief_payload()
    del payload[field]
    return payload


BAD_BRIEFS = {
    "due before start": (
        brief_payload(due_at=(_starts_at() - timedelta(hours=1)).isoformat()),
        "due_at",
    ),
    "due at the start": (brief_payload(due_at=_starts_at().isoformat()), "due_at"),
    "unknown segment": (brief_payload(segments=["young", "aliens"]), "segments"),
    "unknown platform": (brief_payload(platforms=["instagram", "myspace"]), "platforms"),
    "no platform": (brief_payload(platforms=[]), "platforms"),
    "hashtag without #": (brief_payload(hashtags=["#CekDPT", "PemiluDamai"]), "hashtags"),
    "hashtag with a space": (brief_payload(hashtags=["#Cek DPT"]), "hashtags"),
    "hashtags not a list": (brief_payload(hashtags="#CekDPT"), "hashtags"),
    "national level": (brief_payload(scope={"mode": "levels", "levels": ["national"]}), "scope"),
    "no levels": (brief_payload(scope={"mode": "levels", "levels": []}), "scope"),
    "unknown level": (brief_payload(scope={"mode": "levels", "levels": ["village"]}), "scope"),
    "no units": (brief_payload(scope={"mode": "units", "units": []}), "scope"),
    "unknown unit": (brief_payload(scope={"mode": "units", "units": [987654]}), "scope"),
    "unknown scope mode": (brief_payload(scope={"mode": "everyone"}), "scope"),
    "urgent without deadline": (brief_payload(priority="urgent"), "deadline_hours"),
    "urgent with 0 hours": (brief_payload(priority="urgent", deadline_hours=0), "deadline_hours"),
    "urgent with 73 hours": (
        brief_payload(priority="urgent", deadline_hours=73),
        "deadline_hours",
    ),
    "unknown priority": (brief_payload(priority="whenever"), "priority"),
    "urgent at the calendar's end": (
        brief_payload(priority="urgent", deadline_hours=72, starts_at="9999-12-31T23:00:00+07:00"),
        "starts_at",
    ),
    "due in year 9999": (brief_payload(due_at="9999-12-31T23:00:00+07:00"), "due_at"),
    "start in year 1": (brief_payload(starts_at="0001-01-01T08:00:00+07:00"), "starts_at"),
    "missing title": (_without("title"), "title"),
    "blank title": (brief_payload(title="  "), "title"),
    "missing summary": (_without("summary"), "summary"),
    "missing start": (_without("starts_at"), "starts_at"),
    "missing due time": (_without("due_at"), "due_at"),
    "missing platforms": (_without("platforms"), "platforms"),
}


@pytest.mark.parametrize(("payload", "field"), BAD_BRIEFS.values(), ids=BAD_BRIEFS.keys())
def test_a_bad_brief_is_refused_naming_the_field(api_as, payload, field):
    count = Campaign.objects.count()
    response = api_as("00", "editor").post(URL, payload)
    assert response.status_code == 400
    assert field in response.json()
    assert Campaign.objects.count() == count


@pytest.mark.parametrize("code", ["11.71", "11", "34.71", "00"])
def test_a_jawa_tengah_brief_cannot_choose_units_outside_jawa_tengah(api_as, tree, code):
    count = Campaign.objects.count()
    scope = {"mode": "units", "units": [tree("33.74").pk, tree(code).pk]}
    response = api_as("33", "editor").post(URL, brief_payload(scope=scope))
    assert response.status_code == 400
    assert "scope" in response.json()
    assert Campaign.objects.count() == count


def test_a_brief_cannot_choose_its_own_unit(api_as, tree):
    scope = {"mode": "units", "units": [tree("33").pk]}
    response = api_as("33", "editor").post(URL, brief_payload(scope=scope))
    assert response.status_code == 400
    assert "scope" in response.json()


def test_an_error_about_a_unit_outside_scope_does_not_name_it(api_as, tree):
    scope = {"mode": "units", "units": [tree("11.71").pk]}
    response = api_as("33", "editor").post(URL, brief_payload(scope=scope))
    assert "Banda Aceh" not in response.content.decode()
    assert "11.71" not in response.content.decode()


@pytest.mark.parametrize("level", ["national", "province"])
def test_a_province_brief_may_only_choose_levels_below_it(api_as, level):
    scope = {"mode": "levels", "levels": [level]}
    response = api_as("33", "editor").post(URL, brief_payload(scope=scope))
    assert response.status_code == 400
    assert "scope" in response.json()


def test_a_bad_amendment_is_refused_and_changes_nothing(api_as):
    client = api_as("00", "editor")
    brief = client.post(URL, brief_payload()).json()
    response = client.patch(f"{URL}{brief['id']}/", {"hashtags": ["nohash"]})
    assert response.status_code == 400
    assert "hashtags" in response.json()
    assert Campaign.objects.get(pk=brief["id"]).hashtags == ["#PemiluDamai", "#CekDPT"]


def test_an_amended_due_time_before_the_start_is_refused(api_as):
    client = api_as("00", "editor")
    brief = client.post(URL, brief_payload()).json()
    response = client.patch(f"{URL}{brief['id']}/", {"due_at": brief["starts_at"]})
    assert response.status_code == 400
    assert "due_at" in response.json()
