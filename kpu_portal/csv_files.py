"""CSV downloads: cells a spreadsheet would run as formulas made plain text, and long
lists streamed line by line instead of built in memory."""

import csv
from collections.abc import Iterable
from datetime import date

from django.http import StreamingHttpResponse
from django.utils.functional import Promise

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Text a spreadsheet would run as a formula, made plain text with an apostrophe;
    None as an empty cell, a date as ISO 8601."""
    if isinstance(value, Promise):
        value = str(value)
    # Some spreadsheets skip leading spaces before they look for a formula.
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return f"'{value}"
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Echo:
    """csv.writer writes into this and gets the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def streamed_csv(header: list, rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    """A CSV download written as ``rows`` are read: a byte-order mark (spreadsheets then
    read UTF-8), the header, one line per row, every cell through csv_safe."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([csv_safe(cell) for cell in header])
        for row in rows:
            yield writer.writerow([csv_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
