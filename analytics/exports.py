"""The sync dashboard's tables as CSV and XLSX files.

Each table is a header and rows built from the same ``Dashboard`` the page shows,
so a download always says what the page says. CSV cells that a spreadsheet would
read as a formula (starting with = + - @, a tab or a carriage return) get a
leading apostrophe; XLSX cells holding text are always written as text.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kpu_portal.csv_files import csv_safe

from .dashboard_tables import Dashboard, UnitFigures, state_labels

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Value = str | int | float | date | None


TITLES = {
    "units": gettext_lazy("Per unit"),
    "leaders": gettext_lazy("Leaders"),
    "laggards": gettext_lazy("Laggards"),
    "trend": gettext_lazy("Trend"),
    "platforms": gettext_lazy("Per platform"),
    "segments": gettext_lazy("Per voter segment"),
}


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    header: list[str]
    rows: list[list[Value]]


def _figure_header() -> list[str]:
    return [
        _("Impressions"),
        _("Reach"),
        _("Likes"),
        _("Comments"),
        _("Shares"),
        _("Views"),
        _("Engagement (likes + comments + shares)"),
    ]


def _figure_values(figures: dict, engagement: int) -> list[Value]:
    return [
        figures["impressions"],
        figures["reach"],
        figures["likes"],
        figures["comments"],
        figures["shares"],
        figures["views"],
        engagement,
    ]


def _units(dashboard: Dashboard) -> Table:
    header = [_("Code"), _("Work unit"), _("Assignments")]
    for label in state_labels().values():
        header += [label, _("%(state)s (%%)") % {"state": label}]
    header += [
        _("Overdue"),
        _("Median hours to publish"),
        _("Published posts"),
        *_figure_header(),
    ]

    def row(unit: UnitFigures) -> list[Value]:
        values: list[Value] = [unit.satker.code, unit.satker.name, unit.counts["total"]]
        for state in unit.states:
            values += [state["count"], state["percent"]]
        return [
            *values,
            unit.overdue,
            unit.median_hours,
            unit.counts["posts_published"],
            *_figure_values(unit.counts, unit.engagement),
        ]

    # Each child, then the whole subtree (the unit itself when it has no children).
    rows = [row(child) for child in dashboard.children] + [row(dashboard.total)]
    return Table("units", str(TITLES["units"]), header, rows)


def _ranked(name: str, units: list[UnitFigures]) -> Table:
    header = [
        _("Rank"),
        _("Code"),
        _("Work unit"),
        _("Published (%)"),
        _("Published"),
        _("Assignments"),
        _("Overdue"),
    ]
    rows = [
        [
            rank,
            unit.satker.code,
            unit.satker.name,
            unit.percent("published"),
            unit.counts["published"],
            unit.counts["total"],
            unit.overdue,
        ]
        for rank, unit in enumerate(units, 1)
    ]
    return Table(name, str(TITLES[name]), header, rows)


def _leaders(dashboard: Dashboard) -> Table:
    return _ranked("leaders", dashboard.leaders)


def _laggards(dashboard: Dashboard) -> Table:
    return _ranked("laggards", dashboard.laggards)


def _trend(dashboard: Dashboard) -> Table:
    header = [_("Day"), _("Posts published that day"), *_figure_header()]
    rows = [
        [day.day, day.posts_published, *_figure_values(day.figures, day.engagement)]
        for day in dashboard.trend
    ]
    return Table("trend", str(TITLES["trend"]), header, rows)


def _platforms(dashboard: Dashboard) -> Table:
    header = [_("Platform"), _("Posts"), _("Published posts"), *_figure_header()]
    rows = [
        [row.label, row.posts, row.posts_published, *_figure_values(row.figures, row.engagement)]
        for row in dashboard.platforms
    ]
    return Table("platforms", str(TITLES["platforms"]), header, rows)


def _segments(dashboard: Dashboard) -> Table:
    header = [
        _("Voter segment"),
        _("Briefs"),
        _("Assignments"),
        _("Published"),
        _("Published (%)"),
        _("Published posts"),
        *_figure_header(),
    ]
    rows = [
        [
            row.label,
            row.briefs,
            row.total,
            row.published,
            row.percent_published,
            row.posts_published,
            *_figure_values(row.figures, row.engagement),
        ]
        for row in dashboard.segments
    ]
    return Table("segments", str(TITLES["segments"]), header, rows)


TABLES: dict[str, Callable[[Dashboard], Table]] = {
    "units": _units,
    "leaders": _leaders,
    "laggards": _laggards,
    "trend": _trend,
    "platforms": _platforms,
    "segments": _segments,
}


def table(dashboard: Dashboard, name: str) -> Table:
    return TABLES[name](dashboard)


# --- Files ------------------------------------------------------------------------------


def file_name(dashboard: Dashboard, name: str, extension: str, today: date) -> str:
    """ "sync-dashboard-33.74-units-2026-05-01.csv": the unit's code, the table, the day."""
    return f"sync-dashboard-{dashboard.unit.code}-{name}-{today.isoformat()}.{extension}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(found: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # spreadsheets then read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([csv_safe(cell) for cell in found.header])
    for row in found.rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return _attachment(response, filename)


def _sheet_title(title: str, used: set[str]) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title)[:31].strip()
    candidate, number = cleaned or "Sheet", 2
    while candidate in used:
        suffix = f" {number}"
        candidate, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


def xlsx_response(
    tables: list[Table], about: list[tuple[str, Value]], filename: str
) -> HttpResponse:
    """A workbook with one sheet per table, and a last sheet saying what it holds."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for found in tables:
        sheet = workbook.create_sheet(_sheet_title(found.title, used))
        sheet.append([_text_cell(sheet, cell) for cell in found.header])
        for row in found.rows:
            sheet.append([_text_cell(sheet, cell) for cell in row])
    sheet = workbook.create_sheet(_sheet_title(_("About"), used))
    for label, value in about:
        sheet.append([_text_cell(sheet, label), _text_cell(sheet, value)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)


def _text_cell(sheet, value: Value):
    """Numbers and days as they are; text always as text, never as a formula."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
