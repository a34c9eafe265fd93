"""Guessing passwords: five failed sign-ins for one username from one address pause
that pair for 15 minutes (django-axes); other addresses and usernames go on; a new
password lifts the pause."""

import pytest
from django.test import Client
from django.urls import reverse

from satker.services import user_password_set

PASSWORD = "kpu horse battery staple"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def person(make_user):
    editor = make_user("33.74", "editor", username="budi.semarang")
    editor.set_password(PASSWORD)
    editor.save()
    return editor


def sign_in(password: str, username: str = "budi.semarang", address: str = "10.0.0.7"):
    form = {"username": username, "password": password}
    return Client(REMOTE_ADDR=address).post(reverse("login"), form)


def fail(times: int, **where) -> None:
    for _ in range(times):
        assert sign_in("wrong guess", **where).status_code == 200


def lock_out(**where) -> None:
    """Five wrong passwords: the fifth is already answered with the pause."""
    fail(4, **where)
    assert sign_in("wrong guess", **where).status_code == 429


def test_five_failures_pause_the_username_from_that_address(person):
    lock_out()
    refused = sign_in(PASSWORD)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Signing in is paused" in page and "waits 15 minutes" in page
    assert reverse("password-reset") in page


def test_four_failures_still_let_the_right_password_in(person):
    fail(4)
    assert sign_in(PASSWORD).status_code == 302


def test_a_success_starts_the_count_again(person):
    fail(4)
    assert sign_in(PASSWORD).status_code == 302
    fail(4)
    assert sign_in(PASSWORD).status_code == 302


def test_the_same_person_signs_in_from_another_address(person):
    lock_out(address="10.0.0.7")
    assert sign_in(PASSWORD, address="10.0.0.8").status_code == 302


def test_another_username_from_the_same_address_is_not_paused(person, make_user):
    colleague = make_user("33.74", "editor", username="siti.semarang")
    colleague.set_password(PASSWORD)
    colleague.save()
    lock_out()
    assert sign_in(PASSWORD, username="siti.semarang").status_code == 302


def test_a_new_password_lifts_the_pause(person, make_user):
    lock_out()
    user_password_set(
        actor=make_user("33.74", "admin"), user=person, password="a new battery staple"
    )
    assert sign_in("a new battery staple").status_code == 302


def test_the_api_refuses_the_right_password_once_paused_and_says_why(person, api):
    for _ in range(5):
        api.post(reverse("api-token"), {"username": "budi.semarang", "password": "guess"})
    answer = api.post(reverse("api-token"), {"username": "budi.semarang", "password": PASSWORD})
    assert answer.status_code == 429
    assert "Too many wrong passwords for this username" in answer.json()["detail"]
    assert int(answer["Retry-After"]) == 15 * 60
