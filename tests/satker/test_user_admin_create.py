"""Adding a person through the portal: only into the admin's subtree, with a good password."""

import pytest
from django.urls import reverse

from satker.models import User

GOOD_PASSWORD = "lumbung-suara-2029"


@pytest.fixture
def alice(client, make_user):
    """alice administers KPU Provinsi Jawa Tengah; she works in English."""
    alice = make_user("33", "admin", username="alice")
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    return alice


def form(tree, **changes):
    data = {
        "username": "budi",
        "full_name": "Budi Santoso",
        "email": "budi@kpu.example",
        "unit": tree("33.74").pk,
        "role": "editor",
        "password": GOOD_PASSWORD,
        "password_confirm": GOOD_PASSWORD,
    }
    return data | changes


def test_it_adds_a_person_to_a_unit_of_the_subtree(client, alice, tree):
    response = client.post(reverse("user-add"), form(tree), follow=True)
    assert "budi was added." in response.content.decode()
    budi = User.objects.get(username="budi")
    assert (budi.satker.code, budi.role, budi.get_full_name()) == (
        "33.74",
        "editor",
        "Budi Santoso",
    )
    assert budi.check_password(GOOD_PASSWORD)


def test_the_unit_choices_are_the_admins_subtree(client, alice, tree):
    page = client.get(reverse("user-add")).content.decode()
    assert "KPU Kota Semarang" in page
    assert "KIP Aceh" not in page
    assert "KPU Republik Indonesia" not in page


def test_a_unit_outside_the_subtree_is_refused_and_nothing_stored(client, alice, tree):
    response = client.post(reverse("user-add"), form(tree, unit=tree("11.71").pk))
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Work unit: Choose a work unit within your own subtree." in page
    assert not User.objects.filter(username="budi").exists()


def test_a_weak_password_is_refused_naming_the_field(client, alice, tree):
    response = client.post(
        reverse("user-add"), form(tree, password="12345678", password_confirm="12345678")
    )
    page = response.content.decode()
    assert "Password: This password is too common." in page
    assert not User.objects.filter(username="budi").exists()


def test_a_password_like_the_username_is_refused(client, alice, tree):
    response = client.post(
        reverse("user-add"),
        form(tree, username="budisantoso", password="budisantoso", password_confirm="budisantoso"),
    )
    assert "too similar" in response.content.decode()
    assert not User.objects.filter(username="budisantoso").exists()


def test_two_different_passwords_are_refused(client, alice, tree):
    response = client.post(reverse("user-add"), form(tree, password_confirm="something-else-7"))
    assert "Password again: The two passwords differ." in response.content.decode()
    assert not User.objects.filter(username="budi").exists()


def test_a_taken_username_is_refused(client, alice, tree, make_user):
    make_user("11", "viewer", username="budi")  # even outside alice's subtree
    response = client.post(reverse("user-add"), form(tree))
    assert "Username: This username is taken (capitals do not count)." in response.content.decode()
    assert User.objects.filter(username="budi").count() == 1


def test_a_username_differing_only_in_capitals_is_refused(client, alice, tree, make_user):
    make_user("33.74", "editor", username="semarang.editor")
    response = client.post(reverse("user-add"), form(tree, username="Semarang.Editor"))
    assert "This username is taken (capitals do not count)." in response.content.decode()
    assert not User.objects.filter(username="Semarang.Editor").exists()


def test_a_bad_username_is_named_with_the_other_fields_errors(client, alice, tree):
    response = client.post(
        reverse("user-add"), form(tree, username="budi santoso", password_confirm="other-7x")
    )
    page = response.content.decode()
    assert "Username: Enter a valid username." in page
    assert "Password again: The two passwords differ." in page


def test_a_regency_admins_own_unit_is_chosen_already(client, make_user):
    admin = make_user("33.74", "admin")
    client.force_login(admin)
    field = client.get(reverse("user-add")).context["form"]["unit"]
    assert field.value() == admin.satker_id


def test_a_bad_email_is_refused(client, alice, tree):
    response = client.post(reverse("user-add"), form(tree, email="not-an-address"))
    assert "Email address: Enter a valid email address." in response.content.decode()
    assert not User.objects.filter(username="budi").exists()


def test_a_non_admin_cannot_add_anyone(client, make_user, tree):
    client.force_login(make_user("33", "approver"))
    response = client.post(reverse("user-add"), form(tree))
    assert response.status_code == 403
    assert not User.objects.filter(username="budi").exists()
