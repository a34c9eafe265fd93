"""Helpers of the audit tests (no tests of its own)."""

from audit.models import AuditEntry


def the_one_row(**lookup) -> AuditEntry:
    """The audit log holds exactly one row (matching ``lookup``); return it."""
    rows = list(AuditEntry.objects.filter(**lookup))
    assert len(rows) == 1, [(row.object_type, row.action, row.changes) for row in rows]
    return rows[0]


def no_rows() -> bool:
    return not AuditEntry.objects.exists()
