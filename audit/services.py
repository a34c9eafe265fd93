"""audit_record: the one way rows get into the audit log.

Call it inside the transaction of the change it records, after the change is
written: a change that fails or rolls back then leaves no row either.
"""

from datetime import UTC, datetime

from django.db import models

from satker.models import Satker

from .models import AuditEntry


def audit_record(
    *,
    actor,
    unit: Satker,
    obj: models.Model,
    action: str,
    changes: dict | None = None,
) -> AuditEntry:
    """One row: ``changes`` maps a field to [old, new] (values made JSON-friendly)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        satker=unit,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        changes={
            field: [_plain(old), _plain(new)] for field, (old, new) in (changes or {}).items()
        },
    )


def _plain(value):
    """A JSON-friendly copy: model instances by pk, times as ISO text (UTC), lists as lists."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.Choices):
        return value.value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    return value
