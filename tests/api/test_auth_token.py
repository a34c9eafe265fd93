"""POST /api/v1/auth/token/: a token for the right password, nothing otherwise."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from ..conftest import SEMARANG
from ..factories import PASSWORD

URL = "/api/v1/auth/token/"


@pytest.fixture
def editor(make_user):
    return make_user(SEMARANG, "editor", username="semarang.editor")


def test_it_gives_a_token_for_the_right_password(api, editor):
    response = api.post(URL, {"username": "semarang.editor", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=editor).key}


def test_the_token_signs_in_me(api, editor):
    token = api.post(URL, {"username": "semarang.editor", "password": PASSWORD}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "semarang.editor"


def test_it_refuses_a_wrong_password(api, editor):
    response = api.post(URL, {"username": "semarang.editor", "password": "wrong-password"})
    assert response.status_code == 400
    assert "token" not in response.json()
    assert response.json()["non_field_errors"]  # says why, not just a status
    assert not Token.objects.filter(user=editor).exists()


def test_it_refuses_an_unknown_user(api, editor):
    response = api.post(URL, {"username": "nobody", "password": PASSWORD})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_it_names_missing_fields(api):
    response = api.post(URL, {})
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_an_inactive_user_gets_no_token(api, make_user):
    make_user(SEMARANG, "editor", username="gone", is_active=False)
    response = api.post(URL, {"username": "gone", "password": PASSWORD})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_deactivated_users_old_token_stops_working(api, editor):
    token = Token.objects.create(user=editor)
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 401


def test_a_signed_in_browser_needs_no_csrf_token(editor):
    # A session cookie must not turn sign-in into a CSRF-checked call.
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = browser.post(URL, {"username": "semarang.editor", "password": PASSWORD})
    assert response.status_code == 200


def test_password_guessing_is_throttled(api, editor, monkeypatch):
    # The rate lives in settings (AUTH_THROTTLE_RATE); a small one keeps the test short.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/minute"})
    for _ in range(3):
        assert api.post(URL, {"username": "semarang.editor", "password": "x"}).status_code == 400
    response = api.post(URL, {"username": "semarang.editor", "password": PASSWORD})
    assert response.status_code == 429
    assert "token" not in response.json()
