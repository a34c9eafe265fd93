"""The audit log for admins: the rows of their own subtree, newest first, and a CSV export.

Only admins read it (403 for other roles). Rows come through satker.scope, so a
province admin never sees the centre's or another province's rows, on the page
or in the export; the unit filter offers only units of the subtree.
"""

import json
from dataclasses import dataclass
from datetime import UTC

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kpu_portal.csv_files import streamed_csv
from satker import scope
from satker.roles import Role
from satker.timefmt import format_unit_time

from .display import Change, action_label, changes_text, describe_changes, object_type_label
from .forms import AuditFilterForm
from .models import AuditEntry

ENTRIES_PER_PAGE = 50
EXPORT_CHUNK = 1000


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    time: str  # in the viewer's unit zone, labelled (WIB/WITA/WIT)
    time_utc: str
    object_label: str
    action_label: str
    changes: list[Change]


def _filtered(request) -> tuple[AuditFilterForm, object]:
    scope.require_role(request.user, Role.ADMIN)
    filters = AuditFilterForm(request.GET, viewer=request.user)
    entries = scope.visible(request.user, AuditEntry).select_related("actor", "satker")
    return filters, filters.apply(entries).order_by("-created_at", "-id")


def _row(entry: AuditEntry, viewer_unit) -> Row:
    return Row(
        entry=entry,
        time=format_unit_time(entry.created_at, viewer_unit),
        time_utc=entry.created_at.astimezone(UTC).isoformat(),
        object_label=object_type_label(entry.object_type),
        action_label=str(action_label(entry.action)),
        changes=describe_changes(entry, viewer_unit),
    )


@login_required
@require_GET
def entry_list(request):
    filters, entries = _filtered(request)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [_row(entry, request.user.satker) for entry in page.object_list]
    return render(
        request, "audit/entry_list.html", {"filters": filters, "page": page, "rows": rows}
    )


EXPORT_HEADER = [
    "time_utc",
    "time_local",
    "actor",
    "unit_code",
    "unit",
    "object_type",
    "object_id",
    "object",
    "action",
    "changes",
    # The same in words, in the reader's language, for those who read it in a spreadsheet.
    "object_type_label",
    "action_label",
    "changes_text",
]


@login_required
@require_GET
def entry_export(request):
    """The filtered rows as CSV, streamed: a header row, then one line per entry."""
    _filters, entries = _filtered(request)
    viewer_unit = request.user.satker
    rows = (
        [
            entry.created_at.astimezone(UTC).isoformat(),
            format_unit_time(entry.created_at, viewer_unit),
            entry.actor.username if entry.actor else "",
            entry.satker.code,
            entry.satker.name,
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            entry.action,
            json.dumps(entry.changes, ensure_ascii=False, sort_keys=True),
            object_type_label(entry.object_type),
            action_label(entry.action),
            changes_text(entry, viewer_unit),
        ]
        for entry in entries.iterator(chunk_size=EXPORT_CHUNK)
    )
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%d-%H%M")
    return streamed_csv(EXPORT_HEADER, rows, f"audit-log-{stamp}.csv")
