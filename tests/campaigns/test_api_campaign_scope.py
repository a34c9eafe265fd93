"""GET /api/v1/campaigns/ and campaigns/{id}/: drafts stay at their unit's subtree;
a published brief reaches the units it addresses and nobody outside them."""

import pytest

from tests.factories import CampaignFactory

from .test_api_support import (
    published_brief,
)

URL = "/api/v1/campaigns/"


def _listed(client) -> set[int]:
    response = client.get(URL, {"page_size": 1000})
    assert response.status_code == 200
    return {brief["id"] for brief in response.json()["results"]}


def _sees(client, brief) -> bool:
    status = client.get(f"{URL}{brief.pk}/").status_code
    assert status in (200, 404)
    listed = brief.pk in _listed(client)
    assert listed == (status == 200)  # the list and the detail agree
    return status == 200


def test_a_draft_is_visible_at_its_unit(api_as, tree):
    brief = CampaignFactory(satker=tree("00"))
    assert _sees(api_as("00", "viewer"), brief)


@pytest.mark.parametrize("code", ["33", "33.74", "11.71"])
def test_a_national_draft_is_invisible_below_the_centre(api_as, tree, code):
    brief = CampaignFactory(satker=tree("00"))
    assert not _sees(api_as(code, "admin"), brief)


@pytest.mark.parametrize(("code", "visible"), [("00", True), ("33", True), ("33.74", False)])
def test_a_province_draft_is_visible_at_and_above_it_only(api_as, tree, code, visible):
    brief = CampaignFactory(satker=tree("33"))
    assert _sees(api_as(code, "viewer"), brief) is visible


@pytest.mark.parametrize("code", ["33", "33.74", "11", "11.71", "91.71"])
def test_a_published_national_brief_is_readable_by_every_unit_it_targets(
    api_as, tree, make_user, code
):
    brief = published_brief(tree, make_user, "00")
    assert _sees(api_as(code, "viewer"), brief)


@pytest.mark.parametrize(("code", "visible"), [("33.74", True), ("00", True), ("11.71", False)])
def test_a_jawa_tengah_brief_is_invisible_outside_jawa_tengah(
    api_as, tree, make_user, code, visible
):
    brief = published_brief(tree, make_user, "33")
    assert _sees(api_as(code, "viewer"), brief) is visible


@pytest.mark.parametrize(
    ("code", "visible"),
    [("33.74", True), ("33", True), ("33.02", False), ("11.71", False), ("11", False)],
)
def test_a_brief_for_chosen_units_is_invisible_to_units_not_chosen(
    api_as, tree, make_user, code, visible
):
    brief = published_brief(tree, make_user, "00", units=["33.74"])
    assert _sees(api_as(code, "viewer"), brief) is visible


def test_a_brief_for_provinces_is_invisible_to_regencies(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00", scope_mode="levels", scope_levels=["province"])
    assert _sees(api_as("33", "viewer"), brief)
    assert not _sees(api_as("33.74", "viewer"), brief)


def test_a_closed_brief_stays_readable_by_its_units(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00")
    brief.status = "closed"
    brief.save()
    assert _sees(api_as("33.74", "viewer"), brief)


def test_progress_of_an_invisible_brief_is_not_found(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "33")
    assert api_as("11.71", "viewer").get(f"{URL}{brief.pk}/progress/").status_code == 404


def test_a_malformed_id_is_not_found(api_as):
    assert api_as("00", "viewer").get(f"{URL}abc/").status_code == 404


def test_the_list_filters_by_status_and_unit(api_as, tree, make_user):
    draft = CampaignFactory(satker=tree("33"))
    published = published_brief(tree, make_user, "00")
    client = api_as("00", "viewer")
    assert [b["id"] for b in client.get(URL, {"status": "draft"}).json()["results"]] == [draft.pk]
    assert [b["id"] for b in client.get(URL, {"status": "published"}).json()["results"]] == [
        published.pk
    ]
    assert [b["id"] for b in client.get(URL, {"satker": tree("33").pk}).json()["results"]] == [
        draft.pk
    ]


def test_the_newest_brief_comes_first(api_as, tree):
    older = CampaignFactory(satker=tree("00"))
    newer = CampaignFactory(satker=tree("00"))
    ids = [b["id"] for b in api_as("00", "viewer").get(URL).json()["results"]]
    assert ids == [newer.pk, older.pk]


def test_a_unit_learns_only_of_the_chosen_units_in_its_own_subtree(api_as, tree, make_user):
    brief = published_brief(tree, make_user, "00", units=["33.74", "33.02", "11.71"])
    semarang, banyumas, banda_aceh = tree("33.74").pk, tree("33.02").pk, tree("11.71").pk

    def chosen(code):
        response = api_as(code, "viewer").get(f"{URL}{brief.pk}/")
        return sorted(response.json()["scope"]["units"])

    assert chosen("33.74") == [semarang]
    assert chosen("33") == sorted([semarang, banyumas])
    assert chosen("00") == sorted([semarang, banyumas, banda_aceh])
