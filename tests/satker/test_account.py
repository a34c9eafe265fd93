"""A person's own account: name and e-mail address (a new address needs the current
password, and wrong guesses count toward the sign-in lockout), audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry

PASSWORD = "kpu horse battery staple"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def person(make_user, client):
    editor = make_user(
        "33.74", "editor", username="budi.semarang", first_name="Budi", last_name="", email=""
    )
    editor.set_password(PASSWORD)
    editor.save()
    client.force_login(editor)
    return editor


def save(client, **fields):
    form = {"full_name": "Budi", "email": "", "current_password": "", **fields}
    return client.post(reverse("account"), form)


def test_every_page_leads_to_the_account(person, client):
    assert f'href="{reverse("account")}"' in client.get(reverse("home")).content.decode()


def test_a_person_corrects_their_name_without_the_password(person, client):
    response = save(client, full_name="Budi Santoso")
    assert response.status_code == 302
    assert "Your account was saved." in client.get(response["Location"]).content.decode()
    person.refresh_from_db()
    assert person.get_full_name() == "Budi Santoso"
    entry = AuditEntry.objects.get(object_type="satker.user", object_id=person.pk)
    assert entry.actor == person and entry.changes["full_name"] == ["Budi", "Budi Santoso"]


def test_a_new_address_needs_the_current_password(person, client):
    refused = save(client, email="budi@kpu-semarang.example", current_password="a guess")
    assert refused.status_code == 200
    assert "Give your current password to change the e-mail address." in (refused.content.decode())
    person.refresh_from_db()
    assert person.email == ""
    assert (
        save(client, email="budi@kpu-semarang.example", current_password=PASSWORD).status_code
        == 302
    )
    person.refresh_from_db()
    assert person.email == "budi@kpu-semarang.example"


def test_a_malformed_address_is_named_and_nothing_stored(person, client):
    response = save(client, full_name="Budi Santoso", email="budi@", current_password=PASSWORD)
    assert "Enter a valid email address." in response.content.decode()
    person.refresh_from_db()
    assert person.get_full_name() == "Budi"


def test_wrong_passwords_here_count_toward_the_lockout(person, client):
    for _ in range(4):
        assert save(client, email="x@kpu.example", current_password="guess").status_code == 200
    assert save(client, email="x@kpu.example", current_password="guess").status_code == 429
    person.refresh_from_db()
    assert person.email == ""


def test_saving_the_same_details_records_nothing(person, client):
    save(client)
    assert not AuditEntry.objects.filter(object_type="satker.user").exists()
