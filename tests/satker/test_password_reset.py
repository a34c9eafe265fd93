"""Password reset by e-mail: a link built by the worker in the person's language, from
PORTAL_URL; the same answer whether the address is known or not; at most three
e-mails an hour per address; the new password validated, audited, used once."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from satker.password_reset import allowance_key

OLD, NEW = "old horse battery staple", "new horse battery staple"
ADDRESSES = ["budi@kpu-semarang.example", "nobody@example.org"]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PORTAL_URL = "https://portal.kpu.example"
    # The hourly allowance per address lives in the shared cache (Redis in CI).
    cache.delete_many([allowance_key(address) for address in ADDRESSES])


@pytest.fixture
def person(make_user):
    editor = make_user("33.74", "editor", email="budi@kpu-semarang.example")
    editor.set_password(OLD)
    editor.save()
    return editor


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """``ask(client, email)``: post the form and run what it queued on commit (the
    e-mail task, in process as on the embedded default)."""

    def post(client, email: str, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("password-reset"), {"email": email}, **headers)

    return post


def link_in(message) -> str:
    return re.search(r"https://portal\.kpu\.example(/\S+)", message.body).group(1)


def signs_in(person, password: str) -> bool:
    """Through the sign-in page, as a person would (it answers 302 once signed in)."""
    form = {"username": person.username, "password": password}
    return Client().post(reverse("login"), form).status_code == 302


def test_the_sign_in_page_leads_to_the_reset(client):
    assert reverse("password-reset") in client.get(reverse("login")).content.decode()


def test_a_person_resets_a_forgotten_password_through_the_e_mailed_link(ask, person, client):
    response = ask(client, "Budi@KPU-Semarang.example")
    assert response.status_code == 302
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == ["budi@kpu-semarang.example"]
    form_page = client.get(link_in(message), follow=True)
    assert "Set a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )
    assert done.status_code == 302
    assert signs_in(person, NEW) and not signs_in(person, OLD)
    entry = AuditEntry.objects.get(object_type="satker.user", object_id=person.pk)
    assert entry.changes == {"password": [None, "password changed"]} and entry.actor == person


def test_the_link_works_once(ask, person, client):
    ask(client, person.email)
    link = link_in(mail.outbox[0])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    again = Client().get(link, follow=True).content.decode()
    assert "This link no longer works" in again


def test_the_link_starts_with_the_portal_url_not_the_requests_host(ask, person, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]  # a permissive server
    ask(client, person.email, HTTP_HOST="attacker.example")
    assert "attacker.example" not in mail.outbox[0].body
    assert "https://portal.kpu.example/accounts/password/reset/" in mail.outbox[0].body


def test_the_e_mail_is_written_in_the_persons_language(ask, person, client):
    person.language = "id"
    person.save()
    ask(client, person.email)
    assert "Atur sandi baru" in mail.outbox[0].subject


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(ask, person, client):
    known = ask(client, person.email)
    unknown = ask(client, "nobody@example.org")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(mail.outbox) == 1


def test_a_deactivated_person_gets_no_link(ask, person, client):
    person.is_active = False
    person.save()
    ask(client, person.email)
    assert mail.outbox == []


def test_an_address_gets_at_most_three_e_mails_an_hour(ask, person, client):
    for _ in range(5):
        assert ask(client, person.email).status_code == 302
    assert len(mail.outbox) == 3


def test_a_weak_new_password_is_refused_and_the_old_one_stays(ask, person, client):
    ask(client, person.email)
    form_url = client.get(link_in(mail.outbox[0]))["Location"]
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "This password is entirely numeric." in response.content.decode()
    assert signs_in(person, OLD)


def test_a_malformed_address_is_named(ask, client):
    response = ask(client, "not-an-address")
    assert "Enter a valid email address." in response.content.decode()
    assert mail.outbox == []
