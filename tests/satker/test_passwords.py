"""Passwords: a person changes their own (the current one first); a unit admin sets a
new one for a person of its subtree who forgot theirs. Both are audited without the
hash, the validators apply, and the person's other sessions end."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry

OLD, NEW = "old horse battery staple", "new horse battery staple"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def person(make_user):
    """An editor of KPU Kota Semarang whose password is OLD."""
    editor = make_user("33.74", "editor")
    editor.set_password(OLD)
    editor.save()
    return editor


def signs_in(person, password: str) -> bool:
    """Through the sign-in page, as a person would (it answers 302 once signed in)."""
    form = {"username": person.username, "password": password}
    return Client().post(reverse("login"), form).status_code == 302


def change(client, current: str, new: str, again: str | None = None):
    return client.post(
        reverse("password-change"),
        {"old_password": current, "new_password1": new, "new_password2": again or new},
    )


def test_a_person_changes_their_own_password_and_stays_signed_in(person, client):
    client.force_login(person)
    response = change(client, OLD, NEW)
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 200  # still signed in
    assert "Your password was changed." in landing.content.decode()
    assert signs_in(person, NEW) and not signs_in(person, OLD)
    entry = AuditEntry.objects.get(object_type="satker.user", object_id=person.pk)
    assert entry.changes == {"password": [None, "password changed"]}
    assert entry.actor == person


def test_a_wrong_current_password_changes_nothing(person, client):
    client.force_login(person)
    page = change(client, "not it", NEW).content.decode()
    assert "Your old password was entered incorrectly" in page
    assert signs_in(person, OLD)
    assert not AuditEntry.objects.exists()


def test_a_weak_new_password_is_refused_with_the_reason(person, client):
    client.force_login(person)
    page = change(client, OLD, "12345678").content.decode()
    assert "This password is too common." in page
    assert signs_in(person, OLD)


def test_the_page_asks_strangers_to_sign_in(client):
    response = client.get(reverse("password-change"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_admin_sets_a_new_password_and_signs_the_person_out_elsewhere(person, make_user, client):
    elsewhere = Client()
    elsewhere.force_login(person)
    admin = make_user("33", "admin")
    client.force_login(admin)
    url = reverse("user-password", args=[person.pk])
    assert "New password for" in client.get(url).content.decode()

    response = client.post(url, {"new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302
    assert "signed out" in client.get(response["Location"]).content.decode()
    assert signs_in(person, NEW)
    assert elsewhere.get(reverse("home")).status_code == 302  # back to the sign-in page
    entry = AuditEntry.objects.get(object_type="satker.user", object_id=person.pk)
    assert (entry.actor, entry.changes) == (admin, {"password": [None, "password changed"]})


def test_mismatched_passwords_are_named(person, make_user, client):
    client.force_login(make_user("33", "admin"))
    url = reverse("user-password", args=[person.pk])
    page = client.post(url, {"new_password1": NEW, "new_password2": NEW + "!"}).content.decode()
    assert "The two password fields didn" in page
    assert signs_in(person, OLD)


@pytest.mark.parametrize(
    ("code", "role", "status"), [("11", "admin", 404), ("33", "approver", 403)]
)
def test_only_an_admin_above_the_person_may_set_it(person, make_user, client, code, role, status):
    client.force_login(make_user(code, role))
    url = reverse("user-password", args=[person.pk])
    assert client.post(url, {"new_password1": NEW, "new_password2": NEW}).status_code == status
    assert signs_in(person, OLD)
