"""Every creation and change of a person leaves exactly one audit row: old -> new of
the name, email, unit, role and active flag; "password changed", never the hash."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from audit.models import AuditEntry
from satker.models import User
from satker.services import user_create, user_upsert
from tests.factories import edit_person

from .support import no_rows, the_one_row

PERSON = "satker.user"
GOOD_PASSWORD = "lumbung-suara-2029"


edit = edit_person


def test_an_admin_adding_a_person_records_who_where_and_what(make_user, tree):
    alice = make_user("33", "admin")
    budi = user_create(
        actor=alice,
        username="budi",
        unit=tree("33.74"),
        role="editor",
        password=GOOD_PASSWORD,
        email="budi@kpu.example",
        full_name="Budi Santoso",
    )

    row = the_one_row()
    assert (row.actor, row.satker, row.action) == (alice, tree("33.74"), "create")
    assert (row.object_type, row.object_id, row.object_repr) == (PERSON, budi.pk, "budi")
    assert row.changes == {
        "username": [None, "budi"],
        "full_name": [None, "Budi Santoso"],
        "email": [None, "budi@kpu.example"],
        "satker": [None, "33.74 KPU Kota Semarang"],
        "role": [None, "editor"],
        "is_active": [None, True],
    }


def test_a_refused_new_person_records_nothing(make_user, tree):
    alice = make_user("33", "admin")
    with pytest.raises(ValidationError):
        user_create(actor=alice, username="budi", unit=tree("33"), role="editor", password="123")
    with pytest.raises(ValidationError):
        user_create(
            actor=alice, username="budi", unit=tree("11"), role="editor", password=GOOD_PASSWORD
        )
    assert no_rows()


def test_a_role_change_records_old_and_new_role(make_user):
    alice, budi = make_user("33", "admin"), make_user("33.74", "editor")
    edit(alice, budi, role="approver")

    row = the_one_row()
    assert (row.actor, row.satker.code, row.action, row.object_id) == (
        alice,
        "33.74",
        "edit",
        budi.pk,
    )
    assert row.changes == {"role": ["editor", "approver"]}


def test_a_move_is_recorded_at_the_new_unit(make_user, tree):
    alice, budi = make_user("33", "admin"), make_user("33.74", "editor")
    edit(alice, budi, unit=tree("33.02"))

    row = the_one_row()
    assert row.satker == tree("33.02")
    assert row.changes == {"satker": ["33.74 KPU Kota Semarang", "33.02 KPU Kabupaten Banyumas"]}


def test_deactivating_name_and_email_are_one_row_with_each_change(make_user):
    alice = make_user("33", "admin")
    budi = make_user("33.74", "editor", first_name="Budi", last_name="", email="b@kpu.example")
    edit(alice, budi, is_active=False, full_name="Budi Santoso", email="budi@kpu.example")

    row = the_one_row()
    assert row.changes == {
        "full_name": ["Budi", "Budi Santoso"],
        "email": ["b@kpu.example", "budi@kpu.example"],
        "is_active": [True, False],
    }


def test_saving_a_person_unchanged_records_nothing(make_user):
    alice, budi = make_user("33", "admin"), make_user("33.74", "editor")
    edit(alice, budi)
    assert no_rows()


def test_a_refused_change_records_nothing(make_user, tree):
    alice, budi = make_user("33", "admin"), make_user("33.74", "editor")
    with pytest.raises(ValidationError):
        edit(alice, budi, role="approver", unit=tree("11"))  # outside alice's subtree
    with pytest.raises(ValidationError):
        edit(alice, alice, role="editor")  # no lowering one's own role
    with pytest.raises(PermissionDenied):
        edit(alice, make_user("11", "editor"), role="approver")
    assert no_rows()


def test_upsert_records_a_new_person_with_no_actor(tree):
    budi, created = user_upsert(username="budi", unit=tree("33.74"), role="editor")
    assert created
    row = the_one_row()
    assert (row.actor, row.satker.code, row.action, row.object_id) == (
        None,
        "33.74",
        "create",
        budi.pk,
    )


def test_upsert_records_a_password_change_without_the_hash(tree, make_user):
    budi = make_user("33.74", "editor", username="budi")
    user_upsert(username="budi", unit=tree("33.74"), role="approver", password=GOOD_PASSWORD)

    row = the_one_row()
    assert (row.actor, row.action, row.object_id) == (None, "edit", budi.pk)
    assert row.changes == {
        "role": ["editor", "approver"],
        "password": [None, "password changed"],
    }
    budi.refresh_from_db()
    assert budi.password.split("$")[-1] not in str(row.changes)


def test_upsert_with_nothing_new_records_nothing(tree, make_user):
    make_user("33.74", "editor", username="budi")
    user_upsert(username="budi", unit=tree("33.74"), role="editor")
    assert no_rows()


def test_a_refused_upsert_records_nothing(tree):
    with pytest.raises(ValidationError):
        user_upsert(username="budi", unit=tree("33"), role="editor", password="123")
    assert no_rows()


def test_the_add_user_command_is_recorded_with_no_actor(tree):
    call_command(
        "add_user",
        "budi",
        "--unit",
        "33.74",
        "--role",
        "editor",
        "--password",
        GOOD_PASSWORD,
        stdout=StringIO(),
    )
    call_command("add_user", "budi", "--unit", "33", "--role", "approver", stdout=StringIO())

    created, moved = AuditEntry.objects.order_by("id")
    budi = User.objects.get(username="budi")
    assert (created.action, created.actor, created.object_id) == ("create", None, budi.pk)
    assert (moved.action, moved.actor, moved.satker.code) == ("edit", None, "33")
    assert moved.changes == {
        "satker": ["33.74 KPU Kota Semarang", "33 KPU Provinsi Jawa Tengah"],
        "role": ["editor", "approver"],
    }


def test_seed_demo_records_each_new_person_once_and_a_rerun_nothing(tree):
    people = AuditEntry.objects.filter(object_type=PERSON)
    call_command("seed_demo", stdout=StringIO())
    assert people.filter(action="create", actor=None).count() == people.count() == 20
    before = AuditEntry.objects.count()  # the people and the sample brief
    call_command("seed_demo", stdout=StringIO())
    assert AuditEntry.objects.count() == before
