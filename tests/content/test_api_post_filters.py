"""The posts list narrowed to a subtree and to a publication period."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns import services
from tests.factories import CampaignFactory, PostFactory


@pytest.fixture
def brief(tree, make_user):
    brief = CampaignFactory(satker=tree("00"))
    services.campaign_publish(campaign=brief, by=make_user("00", "approver"))
    return brief


def _published(code, brief, when):
    assignment = brief.assignments.get(satker__code=code)
    return PostFactory(assignment=assignment, status="published", published_at=when)


def test_within_narrows_the_list_to_a_units_subtree(api_as, tree, brief):
    now = timezone.now()
    semarang = _published("33.74", brief, now)
    _published("11.71", brief, now)
    response = api_as("00", "viewer").get("/api/v1/posts/", {"within": tree("33").pk})
    assert [row["id"] for row in response.json()["results"]] == [semarang.pk]


def test_within_a_unit_outside_the_callers_subtree_matches_nothing(api_as, tree, brief):
    _published("11.71", brief, timezone.now())
    response = api_as("33", "viewer").get("/api/v1/posts/", {"within": tree("11").pk})
    assert response.json()["count"] == 0


def test_published_after_and_before_bound_the_publication_time(api_as, tree, brief):
    now = timezone.now()
    _published("33.74", brief, now - timedelta(days=10))
    recent = _published("33.02", brief, now - timedelta(days=1))
    response = api_as("00", "viewer").get(
        "/api/v1/posts/",
        {
            "published_after": (now - timedelta(days=2)).isoformat(),
            "published_before": now.isoformat(),
        },
    )
    assert [row["id"] for row in response.json()["results"]] == [recent.pk]


def test_a_malformed_date_is_a_400_naming_the_filter(api_as):
    response = api_as("00", "viewer").get("/api/v1/posts/", {"published_after": "kemarin"})
    assert response.status_code == 400
    assert "published_after" in response.json()


@pytest.mark.parametrize("name", ["published_after", "published_before"])
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:00-07:00"])
def test_a_time_at_the_calendars_edge_is_a_400_naming_the_filter(api_as, name, moment):
    response = api_as("33", "viewer").get("/api/v1/posts/", {name: moment})
    assert response.status_code == 400
    assert name in response.json()
