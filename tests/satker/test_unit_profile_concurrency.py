"""Two admins saving a unit's first profile at the same moment, on PostgreSQL: both
saves land, one after the other (one "create" and one "edit" audit row), and neither
fails on the profile being inserted twice."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from audit.models import AuditEntry
from satker.models import UnitProfile
from satker.services import unit_profile_save

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL (DATABASE_URL): SQLite serialises writers, there is no race",
    ),
]


def test_two_first_saves_at_once_both_land(tree, make_user):
    unit = tree("33.74")
    admins = [make_user("33.74", "admin"), make_user("33", "admin")]
    barrier = threading.Barrier(2)
    failures: list[Exception] = []

    def save(index: int, connectivity: str) -> None:
        try:
            barrier.wait(timeout=10)
            unit_profile_save(
                actor=admins[index],
                unit=unit,
                connectivity=connectivity,
                connectivity_note="",
                equipment="",
                skills={},
                accounts={},
            )
        except Exception as error:  # reported by the assertion below
            failures.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=save, args=(0, "good")),
        threading.Thread(target=save, args=(1, "poor")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert UnitProfile.objects.get(satker=unit).connectivity in {"good", "poor"}
    actions = sorted(
        AuditEntry.objects.filter(object_type="satker.unitprofile").values_list("action", flat=True)
    )
    assert actions == ["create", "edit"]
