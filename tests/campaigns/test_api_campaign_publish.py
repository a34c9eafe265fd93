"""POST /api/v1/campaigns/{id}/publish/ and close/: approvers release their unit's briefs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Assignment
from tests.factories import CampaignFactory

from .test_api_support import (
    published_brief,
)


def _publish(client, brief):
    return client.post(f"/api/v1/campaigns/{brief.pk}/publish/")


def test_an_approver_publishes_a_national_brief_to_552_units(api_as, tree):
    brief = CampaignFactory(satker=tree("00"))
    response = _publish(api_as("00", "approver"), brief)
    assert response.status_code == 200
    body = response.json()
    assert body["assignments_created"] == 552
    assert body["id"] == brief.pk
    assert body["status"] == "published"
    assert body["version"] == 1
    assert Assignment.objects.filter(campaign=brief).count() == 552


def test_publishing_again_creates_nothing(api_as, tree):
    brief = CampaignFactory(satker=tree("00"))
    approver = api_as("00", "approver")
    _publish(approver, brief)
    response = _publish(approver, brief)
    assert response.status_code == 200
    assert response.json()["assignments_created"] == 0
    assert Assignment.objects.filter(campaign=brief).count() == 552


@pytest.mark.parametrize("role", ["approver", "admin"])
def test_a_jawa_tengah_approver_publishes_to_its_35_regencies(api_as, tree, role):
    brief = CampaignFactory(satker=tree("33"))
    response = _publish(api_as("33", role), brief)
    assert response.status_code == 200
    assert response.json()["assignments_created"] == 35


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_approvers_publish(api_as, tree, role):
    brief = CampaignFactory(satker=tree("00"))
    assert _publish(api_as("00", role), brief).status_code == 403
    assert not Assignment.objects.filter(campaign=brief).exists()


def test_a_province_approver_cannot_publish_a_national_draft_it_cannot_see(api_as, tree):
    brief = CampaignFactory(satker=tree("00"))
    assert _publish(api_as("33", "approver"), brief).status_code == 404
    assert not Assignment.objects.filter(campaign=brief).exists()


def test_a_province_approver_cannot_republish_a_national_brief_it_can_see(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    assert _publish(api_as("33", "approver"), brief).status_code == 403


def test_a_national_approver_cannot_publish_a_provinces_brief(api_as, tree):
    # Publishing is the publishing unit's own act, even for the units above it.
    brief = CampaignFactory(satker=tree("33"))
    assert _publish(api_as("00", "approver"), brief).status_code == 403


def test_a_province_cannot_publish_another_provinces_brief(api_as, tree):
    brief = CampaignFactory(satker=tree("11"))
    assert _publish(api_as("33", "approver"), brief).status_code == 404
    assert not Assignment.objects.filter(campaign=brief).exists()


def test_a_regency_cannot_publish(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    assert _publish(api_as("33.74", "admin"), brief).status_code == 403


def test_a_closed_brief_cannot_be_published(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "33")
    approver = api_as("33", "approver")
    assert approver.post(f"/api/v1/campaigns/{brief.pk}/close/").status_code == 200
    response = _publish(approver, brief)
    assert response.status_code == 409
    assert "detail" in response.json()


def test_an_unknown_brief_is_not_found(api_as):
    assert api_as("00", "approver").post("/api/v1/campaigns/987654/publish/").status_code == 404


def test_an_anonymous_caller_must_sign_in(api, tree):
    brief = CampaignFactory(satker=tree("00"))
    assert _publish(api, brief).status_code == 401


def test_an_approver_closes_a_published_brief(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "33")
    response = api_as("33", "approver").post(f"/api/v1/campaigns/{brief.pk}/close/")
    assert response.status_code == 200
    assert response.json()["status"] == "closed"


def test_a_draft_cannot_be_closed(api_as, tree):
    brief = CampaignFactory(satker=tree("33"))
    response = api_as("33", "approver").post(f"/api/v1/campaigns/{brief.pk}/close/")
    assert response.status_code == 409


@pytest.mark.parametrize(("code", "role"), [("33", "editor"), ("33.74", "approver")])
def test_only_the_units_approvers_close_its_brief(api_as, tree, make_user, code, role):
    brief = published_brief(tree, make_user, "33")
    response = api_as(code, role).post(f"/api/v1/campaigns/{brief.pk}/close/")
    assert response.status_code == 403


def test_a_brief_whose_due_time_has_passed_is_not_published(api_as, tree):
    # Every assignment would arrive overdue.
    now = timezone.now()
    brief = CampaignFactory(
        satker=tree("00"), starts_at=now - timedelta(hours=8), due_at=now - timedelta(hours=2)
    )
    response = _publish(api_as("00", "approver"), brief)
    assert response.status_code == 400
    assert "due_at" in response.json()
    brief.refresh_from_db()
    assert brief.status == "draft"
    assert not Assignment.objects.filter(campaign=brief).exists()
