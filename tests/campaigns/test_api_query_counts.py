"""Lists cost the same number of queries however many rows they return."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import VoterSegment
from tests.factories import CampaignFactory

from .test_api_support import (
    published_brief,
)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 1000})
    assert response.status_code == 200
    return len(queries)


def _briefs(tree, make_user, count: int):
    """``count`` briefs at the centre, with segments, chosen units and one published."""
    published_brief(tree, make_user, "00", units=["33.74", "11.71"])
    for _ in range(count - 1):
        brief = CampaignFactory(satker=tree("00"), scope_mode="units")
        brief.segments.set(VoterSegment.objects.filter(code__in=["first_time", "young"]))
        brief.scope_units.set([tree("33"), tree("11")])


def test_the_brief_list_costs_the_same_for_1_and_30_briefs(api_as, tree, make_user):
    client = api_as("00", "viewer")
    _briefs(tree, make_user, 1)
    one = _queries(client, "/api/v1/campaigns/")
    _briefs(tree, make_user, 29)
    thirty = _queries(client, "/api/v1/campaigns/")
    assert len(client.get("/api/v1/campaigns/").json()["results"]) == 30
    # count, page, segments, chosen units
    assert one == thirty == 4


def test_a_units_brief_list_costs_the_same_for_1_and_30_briefs(api_as, tree, make_user):
    client = api_as("33.74", "viewer")
    _briefs(tree, make_user, 1)
    one = _queries(client, "/api/v1/campaigns/")
    for _ in range(29):
        published_brief(tree, make_user, "00", units=["33.74"])
    assert one == _queries(client, "/api/v1/campaigns/") == 4


def test_the_assignment_list_costs_the_same_for_4_and_552_assignments(api_as, tree, make_user):
    client = api_as("00", "viewer")
    published_brief(tree, make_user, "00", units=["33.74", "33.02", "11.71", "91.71"])
    four = _queries(client, "/api/v1/assignments/")
    published_brief(tree, make_user, "00")
    assert client.get("/api/v1/assignments/").json()["count"] == 556
    # count, page
    assert four == _queries(client, "/api/v1/assignments/") == 2


def test_publishing_costs_the_same_for_4_and_552_units(api_as, tree):
    few = CampaignFactory(satker=tree("00"), scope_mode="units")
    few.scope_units.set([tree("33.74"), tree("33.02"), tree("11.71"), tree("91.71")])
    every = CampaignFactory(satker=tree("00"))
    client = api_as("00", "approver")
    counts = []
    for brief, created in [(few, 4), (every, 552)]:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"/api/v1/campaigns/{brief.pk}/publish/")
        assert response.json()["assignments_created"] == created
        counts.append(len(queries))
    assert counts[0] == counts[1]
