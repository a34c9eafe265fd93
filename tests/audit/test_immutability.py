"""Audit rows are written once: the application refuses to change or remove them, and
on PostgreSQL a trigger refuses even raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from audit.models import AuditEntry
from audit.services import audit_record

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)


@pytest.fixture
def entry(make_user):
    alice = make_user("33", "admin")
    budi = make_user("33.74", "editor")
    return audit_record(
        actor=alice,
        unit=budi.satker,
        obj=budi,
        action="edit",
        changes={"role": ("viewer", "editor")},
    )


def unchanged(entry) -> bool:
    fresh = AuditEntry.objects.get(pk=entry.pk)
    return (fresh.action, fresh.changes) == ("edit", {"role": ["viewer", "editor"]})


def test_saving_an_existing_row_is_refused(entry):
    entry.action = "delete"
    with pytest.raises(PermissionError):
        entry.save()
    assert unchanged(entry)


def test_deleting_a_row_is_refused(entry):
    with pytest.raises(PermissionError):
        entry.delete()
    assert unchanged(entry)


def test_a_queryset_update_is_refused(entry):
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="delete")
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["action"])
    assert unchanged(entry)


def test_a_queryset_delete_is_refused(entry):
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert unchanged(entry)


def test_the_actor_and_the_unit_of_a_row_cannot_be_deleted(entry):
    with pytest.raises(ProtectedError):
        entry.actor.delete()
    assert unchanged(entry)


@postgresql_only
def test_raw_sql_update_is_refused_by_the_trigger(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET action = 'delete' WHERE id = %s", [entry.pk])
    assert unchanged(entry)


@postgresql_only
def test_raw_sql_delete_is_refused_by_the_trigger(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert unchanged(entry)
