"""Anonymous calls answer 401, and say how to sign in."""

import pytest

from ..conftest import JATENG


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/satker/"])
def test_anonymous_calls_are_refused(api, tree, path):
    response = api.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_unit_detail_is_refused(api, tree):
    assert api.get(f"/api/v1/satker/{tree(JATENG).pk}/").status_code == 401


def test_a_bad_token_is_refused(api, tree):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/me/").status_code == 401
