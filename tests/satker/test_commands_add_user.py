"""`manage.py add_user USERNAME --unit CODE --role ROLE [--password P]`: create or update."""

from io import StringIO

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from satker.models import User
from tests.factories import PASSWORD, signs_in


def add_user(*args: str) -> str:
    out = StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


def test_it_creates_a_user_who_can_sign_in(tree):
    out = add_user("budi", "--unit", "33.74", "--role", "editor", "--password", PASSWORD)
    assert out == "Created budi: editor at 33.74 KPU Kota Semarang.\n"
    assert signs_in("budi", PASSWORD)
    budi = User.objects.get(username="budi")
    assert (budi.satker.code, budi.role) == ("33.74", "editor")


def test_a_second_run_updates_the_same_user(tree):
    add_user("budi", "--unit", "33.74", "--role", "editor", "--password", PASSWORD)
    first = User.objects.get(username="budi")
    out = add_user("budi", "--unit", "33", "--role", "approver")
    assert out == "Updated budi: approver at 33 KPU Provinsi Jawa Tengah.\n"
    budi = User.objects.get(username="budi")
    assert (budi.pk, budi.satker.code, budi.role) == (first.pk, "33", "approver")
    assert budi.check_password(PASSWORD)  # no --password: the old one stays
    assert User.objects.filter(username="budi").count() == 1


def test_a_second_run_with_a_password_changes_it(tree):
    add_user("budi", "--unit", "33.74", "--role", "editor", "--password", PASSWORD)
    add_user("budi", "--unit", "33.74", "--role", "editor", "--password", "another-Pass-2024")
    assert signs_in("budi", "another-Pass-2024")
    assert not signs_in("budi", PASSWORD)


def test_it_sets_email_and_name(tree):
    add_user(
        "budi",
        "--unit",
        "00",
        "--role",
        "viewer",
        "--email",
        "budi@kpu.example",
        "--name",
        "Budi Santoso Putra",
    )
    budi = User.objects.get(username="budi")
    assert (budi.email, budi.first_name, budi.last_name) == (
        "budi@kpu.example",
        "Budi",
        "Santoso Putra",
    )


def test_an_unknown_unit_code_is_named(tree):
    with pytest.raises(CommandError, match=r"Unknown unit code '99\.99'"):
        add_user("budi", "--unit", "99.99", "--role", "editor")
    assert not User.objects.filter(username="budi").exists()


def test_an_invalid_role_is_an_argument_error(tree):
    with pytest.raises(CommandError, match=r"argument --role: invalid choice: 'boss'"):
        add_user("budi", "--unit", "33.74", "--role", "boss")


def test_the_unit_and_role_are_required(tree):
    with pytest.raises(CommandError, match="the following arguments are required: --unit, --role"):
        add_user("budi")


def test_a_weak_password_is_refused_with_the_validators_message(tree):
    with pytest.raises(ValidationError) as expected:
        password_validation.validate_password("12345678", User(username="budi"))
    with pytest.raises(CommandError) as refused:
        add_user("budi", "--unit", "33.74", "--role", "editor", "--password", "12345678")
    assert str(refused.value) == " ".join(expected.value.messages)
    assert not User.objects.filter(username="budi").exists()


def test_a_weak_password_leaves_an_existing_user_unchanged(make_user):
    budi = make_user("33.74", "editor", username="budi")
    with pytest.raises(CommandError):
        add_user("budi", "--unit", "00", "--role", "admin", "--password", "budi")
    budi.refresh_from_db()
    assert (budi.satker.code, budi.role, budi.check_password(PASSWORD)) == ("33.74", "editor", True)


def test_a_new_user_without_a_password_gets_a_printed_random_one(tree):
    out = add_user("budi", "--unit", "33.74", "--role", "editor")
    created, password_line = out.splitlines()
    assert created == "Created budi: editor at 33.74 KPU Kota Semarang."
    password = password_line.removeprefix("Password: ")
    assert len(password) >= 16
    assert signs_in("budi", password)


def test_random_passwords_differ(tree):
    first = add_user("budi", "--unit", "33.74", "--role", "editor").splitlines()[1]
    second = add_user("siti", "--unit", "33.74", "--role", "editor").splitlines()[1]
    assert first != second


def test_an_existing_user_without_a_password_gets_none_printed(make_user):
    make_user("33.74", "editor", username="budi")
    assert "Password" not in add_user("budi", "--unit", "33.74", "--role", "approver")


def test_a_username_differing_only_in_capitals_is_refused(make_user):
    make_user("33.74", "editor", username="semarang.editor")
    with pytest.raises(CommandError, match=r"capitals do not count|huruf besar dan kecil"):
        add_user("Semarang.Editor", "--unit", "33.74", "--role", "approver")
    assert list(User.objects.values_list("username", flat=True)) == ["semarang.editor"]
