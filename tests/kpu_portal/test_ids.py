"""Ids from outside that name nothing: a number too large for a key, or digits that
are not ASCII, are a 400 naming the filter or a 404, never a database error."""

import pytest

HUGE = "99999999999999999999999"  # above 2**63 - 1: SQLite cannot even bind it

API_FILTERS = [
    ("/api/v1/satker/", "parent"),
    ("/api/v1/campaigns/", "satker"),
    ("/api/v1/assignments/", "campaign"),
    ("/api/v1/assignments/", "satker"),
    ("/api/v1/posts/", "assignment"),
    ("/api/v1/posts/", "campaign"),
    ("/api/v1/posts/", "satker"),
    ("/api/v1/posts/", "within"),
]


@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}", "0"])
@pytest.mark.parametrize(("path", "name"), API_FILTERS)
def test_an_api_filter_with_no_possible_id_is_a_400_naming_it(api_as, path, name, value):
    response = api_as("33", "admin").get(path, {name: value})
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize(
    "path",
    [
        f"/posts/{HUGE}/media/1/",
        f"/posts/1/media/{HUGE}/",
        f"/briefs/{HUGE}/",
        f"/dashboard/{HUGE}/",
        f"/units/{HUGE}/profile/",
    ],
)
def test_a_page_with_a_too_large_id_is_not_found(client, make_user, path):
    client.force_login(make_user("33", "admin"))
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", [f"/api/v1/dashboard/{HUGE}/", f"/api/v1/campaigns/{HUGE}/"])
def test_an_api_path_with_a_too_large_id_is_not_found(api_as, path):
    assert api_as("33", "admin").get(path).status_code == 404


@pytest.mark.parametrize("campaign", ["²", HUGE, "-1"])
def test_the_dashboard_api_names_a_campaign_that_is_no_id(api_as, tree, campaign):
    response = api_as("33", "viewer").get(
        f"/api/v1/dashboard/{tree('33').pk}/", {"campaign": campaign}
    )
    assert response.status_code == 400
    assert "campaign" in response.json()
