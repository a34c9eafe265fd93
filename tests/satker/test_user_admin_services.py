"""The services behind user management guard scope themselves, whoever calls them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from satker.models import User
from satker.services import user_create, user_update

GOOD_PASSWORD = "lumbung-suara-2029"


def test_create_refuses_a_unit_outside_the_actors_subtree(make_user, tree):
    alice = make_user("33", "admin")
    with pytest.raises(ValidationError) as raised:
        user_create(
            actor=alice, username="budi", unit=tree("11"), role="editor", password=GOOD_PASSWORD
        )
    assert "satker" in raised.value.message_dict
    assert not User.objects.filter(username="budi").exists()


def test_create_reports_every_bad_field_at_once(make_user, tree):
    alice = make_user("33", "admin")
    with pytest.raises(ValidationError) as raised:
        user_create(
            actor=alice,
            username="budi santoso",  # a space is not allowed
            unit=tree("33.74"),
            role="editor",
            password="123",
            email="nope",
        )
    assert set(raised.value.message_dict) == {"username", "password", "email"}


def test_create_needs_an_admin(make_user, tree):
    approver = make_user("33", "approver")
    with pytest.raises(PermissionDenied):
        user_create(
            actor=approver, username="budi", unit=tree("33"), role="viewer", password=GOOD_PASSWORD
        )


def test_update_refuses_a_person_outside_the_actors_subtree(make_user, tree):
    alice, charlie = make_user("33", "admin"), make_user("11", "editor")
    with pytest.raises(PermissionDenied):
        user_update(
            actor=alice,
            user=charlie,
            full_name="X",
            email="",
            unit=tree("33"),
            role="viewer",
            is_active=True,
        )
    charlie.refresh_from_db()
    assert (charlie.satker.code, charlie.role) == ("11", "editor")


def test_update_collects_every_self_lockout_error(make_user, tree):
    alice = make_user("33", "admin")
    with pytest.raises(ValidationError) as raised:
        user_update(
            actor=alice,
            user=alice,
            full_name="Alice",
            email="",
            unit=tree("33.74"),
            role="viewer",
            is_active=False,
        )
    assert set(raised.value.message_dict) == {"is_active", "role", "satker"}
    alice.refresh_from_db()
    assert (alice.satker.code, alice.role, alice.is_active) == ("33", "admin", True)
