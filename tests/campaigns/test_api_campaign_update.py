"""PATCH/PUT/DELETE /api/v1/campaigns/{id}/: drafts change freely; a published brief
is amended (new version, scope fixed) and never deleted."""

from datetime import datetime, timedelta

import pytest

from campaigns.models import Campaign, Notification
from tests.factories import CampaignFactory

from .test_api_support import (
    brief_payload,
    published_brief,
)

URL = "/api/v1/campaigns/"


def _patch(client, brief, data):
    return client.patch(f"{URL}{brief.pk}/", data)


def test_editing_a_draft_keeps_version_1(api_as, tree):
    brief = CampaignFactory(satker=tree("00"))
    response = _patch(api_as("00", "editor"), brief, {"title": "Cek DPT sekarang"})
    assert response.status_code == 200
    assert response.json()["title"] == "Cek DPT sekarang"
    assert response.json()["version"] == 1


def test_amending_a_published_brief_makes_version_2(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    response = _patch(api_as("00", "approver"), brief, {"title": "Cek DPT sekarang"})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert Campaign.objects.get(pk=brief.pk).version == 2


def test_an_amendment_tells_each_assignee_what_changed(
    api_as, tree, make_user, django_capture_on_commit_callbacks
):
    editor = make_user("33.74", "editor")
    brief = published_brief(tree, make_user, "00")
    with django_capture_on_commit_callbacks(execute=True):
        _patch(api_as("00", "approver"), brief, {"title": "Cek DPT sekarang", "guidance": "Baru"})
    notice = Notification.objects.get(recipient=editor, kind="amended")
    assert notice.params == {"version": 2, "changes": ["title", "guidance"]}


def test_an_amendment_that_changes_nothing_keeps_the_version(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    response = _patch(api_as("00", "approver"), brief, {"title": brief.title})
    assert response.json()["version"] == 1


def test_amending_the_segments_makes_a_new_version(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    response = _patch(api_as("00", "approver"), brief, {"segments": ["women"]})
    assert response.json()["segments"] == ["women"]
    assert response.json()["version"] == 2


@pytest.mark.parametrize(
    "scope",
    [
        {"mode": "levels", "levels": ["province"]},
        {"mode": "units", "units": ["33.74"]},
        {"mode": "levels"},
    ],
)
def test_the_scope_of_a_published_brief_cannot_change(api_as, tree, make_user, scope):
    brief = published_brief(tree, make_user, "00")
    if "units" in scope:
        scope = {**scope, "units": [tree(code).pk for code in scope["units"]]}
    response = _patch(api_as("00", "approver"), brief, {"scope": scope})
    assert response.status_code == 409
    brief.refresh_from_db()
    assert (brief.scope_mode, brief.version) == ("subtree", 1)


def test_restating_the_scope_of_a_published_brief_is_no_change(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    response = _patch(api_as("00", "approver"), brief, {"scope": {"mode": "subtree"}})
    assert response.status_code == 200
    assert response.json()["version"] == 1


def test_restating_the_levels_in_another_order_is_no_change(api_as, tree, make_user):
    levels = ["province", "regency"]
    brief = published_brief(tree, make_user, "00", scope_mode="levels", scope_levels=levels)
    scope = {"mode": "levels", "levels": ["regency", "province", "regency"]}
    response = _patch(api_as("00", "approver"), brief, {"scope": scope})
    assert response.status_code == 200
    assert response.json()["scope"]["levels"] == levels
    assert response.json()["version"] == 1


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ({"mode": "levels", "levels": ["regency"]}, {"mode": "levels", "levels": ["regency"]}),
        ({"mode": "levels", "levels": ["province"]}, {"mode": "levels", "levels": ["province"]}),
        ({"mode": "subtree"}, {"mode": "subtree", "levels": []}),
    ],
)
def test_the_scope_of_a_draft_changes_with_a_partial_scope(api_as, tree, scope, expected):
    brief = CampaignFactory(satker=tree("00"), scope_mode="levels", scope_levels=["regency"])
    response = _patch(api_as("00", "editor"), brief, {"scope": scope})
    assert response.status_code == 200, response.json()
    assert response.json()["scope"] == {**expected, "units": []}


def test_the_units_of_a_draft_can_be_chosen_again(api_as, tree):
    brief = CampaignFactory(satker=tree("33"), scope_mode="units")
    brief.scope_units.set([tree("33.74")])
    scope = {"mode": "units", "units": [tree("33.02").pk]}
    response = _patch(api_as("33", "editor"), brief, {"scope": scope})
    assert response.status_code == 200, response.json()
    assert response.json()["scope"]["units"] == [tree("33.02").pk]


def test_an_urgent_brief_moves_its_due_time_with_its_deadline(api_as, tree):
    brief = CampaignFactory(satker=tree("00"), priority="urgent", deadline_hours=6)
    response = _patch(api_as("00", "editor"), brief, {"deadline_hours": 3})
    body = response.json()
    starts_at = datetime.fromisoformat(body["starts_at"])
    assert datetime.fromisoformat(body["due_at"]) - starts_at == timedelta(hours=3)


def test_a_put_replaces_the_draft(api_as, tree):
    brief = CampaignFactory(satker=tree("00"))
    response = api_as("00", "editor").put(f"{URL}{brief.pk}/", brief_payload(title="Baru"))
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Baru"


@pytest.mark.parametrize(("code", "role"), [("33.74", "admin"), ("33", "admin")])
def test_a_unit_below_cannot_amend_a_brief_it_can_see(api_as, tree, make_user, code, role):
    brief = published_brief(tree, make_user, "00")
    response = _patch(api_as(code, role), brief, {"title": "Diubah"})
    assert response.status_code == 403
    assert Campaign.objects.get(pk=brief.pk).title == brief.title


def test_a_refused_amendment_is_refused_before_its_input_is_checked(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    response = _patch(api_as("33.74", "editor"), brief, {"hashtags": ["nohash"]})
    assert response.status_code == 403


def test_a_viewer_cannot_amend(api_as, tree):
    brief = CampaignFactory(satker=tree("00"))
    assert _patch(api_as("00", "viewer"), brief, {"title": "Diubah"}).status_code == 403


def test_a_unit_cannot_amend_a_brief_it_cannot_see(api_as, tree):
    brief = CampaignFactory(satker=tree("00"))
    assert _patch(api_as("33", "editor"), brief, {"title": "Diubah"}).status_code == 404


def test_a_closed_brief_cannot_be_amended(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    Campaign.objects.filter(pk=brief.pk).update(status="closed")
    assert _patch(api_as("00", "approver"), brief, {"title": "Diubah"}).status_code == 409


def test_a_draft_is_deleted(api_as, tree):
    brief = CampaignFactory(satker=tree("00"))
    response = api_as("00", "editor").delete(f"{URL}{brief.pk}/")
    assert response.status_code == 204
    assert not Campaign.objects.filter(pk=brief.pk).exists()


def test_a_published_brief_cannot_be_deleted(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    response = api_as("00", "admin").delete(f"{URL}{brief.pk}/")
    assert response.status_code == 409
    assert Campaign.objects.filter(pk=brief.pk).exists()


@pytest.mark.parametrize(("code", "role"), [("33", "viewer"), ("00", "admin")])
def test_only_the_units_editors_delete_its_draft(api_as, tree, code, role):
    brief = CampaignFactory(satker=tree("33"))
    assert api_as(code, role).delete(f"{URL}{brief.pk}/").status_code == 403
    assert Campaign.objects.filter(pk=brief.pk).exists()


def test_restating_a_published_briefs_levels_in_another_order_is_no_scope_change(
    api_as, tree, make_user
):
    from campaigns import services
    from campaigns.choices import ScopeMode
    from tests.factories import CampaignFactory

    brief = CampaignFactory(
        satker=tree("00"), scope_mode=ScopeMode.LEVELS, scope_levels=["province", "regency"]
    )
    services.campaign_publish(campaign=brief, by=make_user("00", "approver"))
    updated = services.campaign_update(
        campaign=brief,
        by=make_user("00", "approver"),
        fields={"scope_levels": ["regency", "province"]},
    )
    assert updated.version == 1


def test_an_editor_cannot_amend_a_published_brief(api_as, tree, make_user):
    # An amendment reaches every assignee at once, as publishing did: four eyes.
    brief = published_brief(tree, make_user, "00")
    title = brief.title
    response = _patch(api_as("00", "editor"), brief, {"title": "Cek DPT sekarang"})
    assert response.status_code == 403
    brief.refresh_from_db()
    assert (brief.title, brief.version) == (title, 1)
    assert not Notification.objects.filter(kind="amended").exists()
