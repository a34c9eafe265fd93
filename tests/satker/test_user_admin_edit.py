"""Changing a person through the portal; nobody can lock themselves out."""

import pytest
from django.urls import reverse

from satker.models import User


@pytest.fixture
def alice(client, make_user):
    """alice administers KPU Provinsi Jawa Tengah; she works in English."""
    alice = make_user("33", "admin", username="alice", first_name="Alice")
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    return alice


@pytest.fixture
def bob(make_user):
    return make_user("33.74", "editor", username="bob", first_name="Bob")


def edit(client, person: User, **changes):
    data = {
        "full_name": person.get_full_name(),
        "email": person.email,
        "unit": person.satker_id,
        "role": person.role,
        "is_active": "on" if person.is_active else "",
    } | changes
    data = {key: value for key, value in data.items() if value != ""}
    return client.post(reverse("user-edit", args=[person.pk]), data, follow=True)


def test_the_form_shows_the_persons_current_details(client, alice, bob):
    page = client.get(reverse("user-edit", args=[bob.pk])).content.decode()
    assert 'value="Bob"' in page
    assert "Edit bob" in page


def test_it_changes_name_email_unit_role_and_status(client, alice, bob, tree):
    response = edit(
        client,
        bob,
        full_name="Bob Haryanto",
        email="bob@kpu.example",
        unit=tree("33.02").pk,
        role="approver",
        is_active="",
    )
    assert "bob was saved." in response.content.decode()
    bob.refresh_from_db()
    assert (bob.get_full_name(), bob.email, bob.satker.code, bob.role, bob.is_active) == (
        "Bob Haryanto",
        "bob@kpu.example",
        "33.02",
        "approver",
        False,
    )


def test_a_unit_outside_the_subtree_is_refused_and_nothing_stored(client, alice, bob, tree):
    response = edit(client, bob, unit=tree("11").pk, role="viewer")
    assert "Work unit: Choose a work unit within your own subtree." in response.content.decode()
    bob.refresh_from_db()
    assert (bob.satker.code, bob.role) == ("33.74", "editor")


def test_an_admin_cannot_deactivate_themselves(client, alice):
    response = edit(client, alice, is_active="")
    assert "Active: You cannot deactivate your own account." in response.content.decode()
    alice.refresh_from_db()
    assert alice.is_active


def test_an_admin_cannot_lower_their_own_role(client, alice):
    response = edit(client, alice, role="approver")
    assert "Role: You cannot lower your own role; ask another admin." in response.content.decode()
    alice.refresh_from_db()
    assert alice.role == "admin"


def test_an_admin_cannot_move_themselves_down_the_tree(client, alice, tree):
    response = edit(client, alice, unit=tree("33.74").pk)
    assert "You cannot move your own account to another unit" in response.content.decode()
    alice.refresh_from_db()
    assert alice.satker.code == "33"


def test_an_admin_may_change_their_own_name(client, alice):
    edit(client, alice, full_name="Alice Wibowo")
    alice.refresh_from_db()
    assert alice.get_full_name() == "Alice Wibowo"


def test_an_inactive_person_can_be_reactivated(client, alice, bob):
    bob.is_active = False
    bob.save()
    edit(client, bob, is_active="on")
    bob.refresh_from_db()
    assert bob.is_active


def test_a_person_without_a_name_is_deactivated_without_making_one_up(client, make_user):
    # add_user makes accounts without a name; the demo's have none either.
    person = make_user("33.74", "viewer", first_name="", last_name="")
    client.force_login(make_user("33", "admin"))
    response = client.post(
        reverse("user-edit", args=[person.pk]),
        {"full_name": "", "email": "", "unit": person.satker_id, "role": "viewer"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
