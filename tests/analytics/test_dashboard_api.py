"""GET /api/v1/dashboard/{satker_id}/: the stored roll-ups of a unit's subtree."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from analytics import rollup
from analytics.models import RollupTotal
from campaigns.models import Assignment
from campaigns.selectors import campaign_progress
from content.choices import PostStatus
from content.progress import sync_assignment
from tests.campaigns.test_api_support import published_brief
from tests.factories import PostFactory

from .test_rollup_support import snapshot

COUNTS = ["total", "acknowledged", "submitted", "approved", "published", "overdue"]


@pytest.fixture
def client_at(make_user):
    def client(code: str, role: str = "viewer") -> APIClient:
        signed_in = APIClient()
        signed_in.force_authenticate(make_user(code, role))
        return signed_in

    return client


@pytest.fixture
def national_brief(tree, make_user):
    """A national brief; Jawa Tengah's regencies at every stage, one post reported."""
    brief = published_brief(tree, make_user, "00")
    stages = {"33.01": "acknowledged", "33.02": "submitted", "33.03": "approved", "33.74": None}
    reporter = make_user("33.74", "editor")
    for code, status in stages.items():
        assignment = Assignment.objects.get(campaign=brief, satker__code=code)
        if status:
            Assignment.objects.filter(pk=assignment.pk).update(status=status)
            continue
        post = PostFactory(
            assignment=assignment,
            status=PostStatus.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=3),
            url="https://www.instagram.com/p/semarang",
        )
        sync_assignment(assignment.pk)
        moment = timezone.now() - timedelta(hours=1)
        snapshot(post, moment - timedelta(hours=1), reporter, (5, 5, 5, 5, 5, 5))
        snapshot(post, moment, reporter, (1000, 800, 60, 7, 3, 500))
    rollup.rollup_rebuild()
    return brief


def _get(client, unit, **params):
    return client.get(f"/api/v1/dashboard/{unit.pk}/", params)


def _counts(row: dict) -> dict:
    return {name: row[name] for name in COUNTS}


def test_the_counts_agree_with_the_briefs_progress(client_at, tree, national_brief):
    for code in ("00", "33"):
        unit = tree(code)
        response = _get(client_at(code), unit, campaign=national_brief.pk)
        assert response.status_code == 200
        dashboard = response.json()
        progress = campaign_progress(national_brief, unit).as_dict()
        assert _counts(dashboard) == _counts(progress)
        assert [_counts(row) for row in dashboard["children"]] == [
            _counts(row) for row in sorted(progress["children"], key=lambda r: r["satker"]["code"])
        ]
    assert _counts(dashboard) == {
        "total": 36, "acknowledged": 4, "submitted": 3, "approved": 2, "published": 1, "overdue": 0
    }  # fmt: skip


def test_overdue_counts_the_unpublished_once_the_brief_is_due(client_at, tree, national_brief):
    client = client_at("00")
    with time_machine.travel(national_brief.due_at + timedelta(seconds=1), tick=False):
        dashboard = _get(client, tree("00")).json()
        progress = campaign_progress(national_brief, tree("00")).as_dict()
    assert dashboard["overdue"] == progress["overdue"] == 551


def test_it_shows_posts_engagement_and_when_it_was_computed(client_at, tree, national_brief):
    dashboard = _get(client_at("00"), tree("00")).json()
    assert dashboard["posts"] == {
        "draft": 0, "submitted": 0, "changes_requested": 0, "approved": 0, "published": 1
    }  # fmt: skip
    # only the post's latest snapshot counts
    assert dashboard["engagement"] == {
        "impressions": 1000, "reach": 800, "likes": 60, "comments": 7, "shares": 3, "views": 500
    }  # fmt: skip
    jateng = next(row for row in dashboard["children"] if row["satker"]["code"] == "33")
    assert jateng["engagement"]["impressions"] == 1000
    assert jateng["median_hours_to_publish"] is not None
    assert dashboard["as_of"]
    aceh = next(row for row in dashboard["children"] if row["satker"]["code"] == "11")
    assert aceh["engagement"]["impressions"] == 0
    assert aceh["total"] == 24


def test_a_province_cannot_open_the_national_dashboard(client_at, tree, national_brief):
    assert _get(client_at("33"), tree("00")).status_code == 404
    assert _get(client_at("33"), tree("11")).status_code == 404


def test_a_regency_sees_only_itself(client_at, tree, national_brief):
    client = client_at("33.74")
    dashboard = _get(client, tree("33.74")).json()
    assert dashboard["satker"]["code"] == "33.74"
    assert dashboard["children"] == []
    assert _counts(dashboard)["published"] == dashboard["total"] == 1
    assert _get(client, tree("33")).status_code == 404
    assert _get(client, tree("33.02")).status_code == 404


def test_an_unknown_or_malformed_campaign(client_at, tree, national_brief):
    client = client_at("00")
    assert _get(client, tree("00"), campaign=10**9).status_code == 404
    assert _get(client, tree("00"), campaign="abc").status_code == 400


def test_a_signed_out_caller_is_refused(tree, db):
    assert APIClient().get(f"/api/v1/dashboard/{tree('00').pk}/").status_code == 401


def _queries(client, unit, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _get(client, unit, **params).status_code == 200
    return len(queries)


def test_the_same_queries_for_five_units_and_for_553(client_at, tree, national_brief):
    national, papua_selatan = client_at("00"), client_at("93")  # 553 units; 5 units
    for params in ({}, {"campaign": national_brief.pk}):
        small = _queries(papua_selatan, tree("93"), **params)
        large = _queries(national, tree("00"), **params)
        # the unit with its children, the roll-up generation; their roll-up rows (and
        # the brief, when asked for)
        assert small == large == 3 + len(params)
        # Asked again before the next roll-up run (analytics.page_cache): the unit with
        # its children and the generation.
        assert _queries(papua_selatan, tree("93"), **params) == 2
        assert _queries(national, tree("00"), **params) == 2


def test_an_answer_kept_is_not_kept_past_the_next_roll_up_run(client_at, tree, national_brief):
    national = client_at("00")
    before = _get(national, tree("00")).json()
    Assignment.objects.filter(campaign=national_brief, satker=tree("33.05")).update(
        status="acknowledged"
    )
    assert _get(national, tree("00")).json() == before  # not rolled up yet
    rollup.rollup_mark([(tree("33.05").pk, national_brief.pk)])
    rollup.rollup_dirty_run()
    after = _get(national, tree("00")).json()
    assert after["acknowledged"] == before["acknowledged"] + 1


def test_a_brief_the_viewer_may_not_see_is_404_even_after_others_asked(
    client_at, tree, national_brief, make_user
):
    # Jawa Tengah's brief to Cilacap only: Semarang's people do not see it.
    province_brief = published_brief(tree, make_user, "33", units=["33.01"])
    semarang = tree("33.74")
    assert _get(client_at("33"), semarang, campaign=province_brief.pk).status_code == 200
    assert _get(client_at("33.74"), semarang, campaign=province_brief.pk).status_code == 404


def test_the_sweep_refreshes_all_briefs_totals_a_due_time_overtook(tree, national_brief):
    national = RollupTotal.objects.get(satker=tree("00"))
    assert (national.overdue, national.overdue_until) == (0, national_brief.due_at)
    with time_machine.travel(national_brief.due_at + timedelta(minutes=1), tick=False):
        rollup.rollup_dirty_run()  # what beat runs every minute
    national.refresh_from_db()
    assert (national.overdue, national.overdue_until) == (551, None)
