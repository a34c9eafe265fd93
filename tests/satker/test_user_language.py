"""The language a person picks with the switch is remembered: their e-mails come in
it, and signing in on another browser brings it back. Nobody else's changes."""

from django.core import mail
from django.urls import reverse

from campaigns import services as brief_services
from tests.factories import CampaignFactory


def pick(client, language: str):
    return client.post(reverse("set_language"), {"language": language, "next": "/"})


def test_picking_english_is_remembered_for_the_signed_in_person(make_user, client):
    person = make_user("33.74", "editor")
    client.force_login(person)
    assert pick(client, "en").status_code == 302
    person.refresh_from_db()
    assert person.language == "en"
    assert client.get(reverse("home")).headers["Content-Language"] == "en"


def test_an_unknown_language_is_not_stored(make_user, client):
    person = make_user("33.74", "editor")
    client.force_login(person)
    pick(client, "fr")
    person.refresh_from_db()
    assert person.language == ""


def test_the_switch_still_works_before_signing_in(tree, client):
    pick(client, "en")
    assert client.get(reverse("login")).headers["Content-Language"] == "en"


def test_signing_in_on_another_browser_brings_the_language_back(make_user, client):
    person = make_user("33.74", "editor", language="en")
    person.set_password("correct horse battery")
    person.save()
    response = client.post(
        reverse("login"), {"username": person.username, "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).headers["Content-Language"] == "en"


def test_each_person_gets_e_mails_in_their_own_language(
    tree, make_user, django_capture_on_commit_callbacks
):
    make_user("33.74", "editor", email="english@kpu.example", language="en")
    make_user("33.02", "editor", email="indonesian@kpu.example")
    brief = CampaignFactory(satker=tree("00"), title="Cek DPT")
    with django_capture_on_commit_callbacks(execute=True):
        brief_services.campaign_publish(campaign=brief, by=make_user("00", "approver"))
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["english@kpu.example"] == "New assignment: Cek DPT"
    assert subjects["indonesian@kpu.example"].startswith("Penugasan baru")
