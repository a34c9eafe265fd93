"""Fixtures of the audit tests: admins signed in, and rows written at a chosen time."""

import pytest
import time_machine

from audit.models import AuditEntry


@pytest.fixture
def as_admin(client, make_user):
    """``as_admin("33")``: the client signed in as an admin there, reading English."""

    def sign_in(code: str, **fields):
        admin = make_user(code, "admin", **fields)
        client.force_login(admin)
        client.cookies["django_language"] = "en"
        return admin

    return sign_in


@pytest.fixture
def record(tree):
    """``record("33.74", "budi")``: an audit row at that unit about an object named so."""

    def write(
        code, name, *, action="edit", object_type="satker.user", actor=None, at=None, changes=None
    ):
        fields = {
            "satker": tree(code),
            "object_type": object_type,
            "object_id": 1,
            "object_repr": name,
            "action": action,
            "actor": actor,
            "changes": changes or {},
        }
        if at is None:
            return AuditEntry.objects.create(**fields)
        with time_machine.travel(at, tick=False):
            return AuditEntry.objects.create(**fields)

    return write
