"""The metrics CSV: its template, and reading an upload into ingest items.

One row per snapshot, under the header row
``post,captured_at,impressions,reach,likes,comments,shares,views`` (in any order;
other columns are ignored). A post is its id or the address it was published at;
captured_at is ISO 8601 with an offset, or "YYYY-MM-DD HH:MM" read in the
uploader's unit's time zone. UTF-8 with or without a byte-order mark; comma or
semicolon separated (Excel set to Indonesian writes semicolons).

Rows are named by their line in the file, the header being line 1, as a
spreadsheet numbers them. Cells reach the ingest as written (" 1250 " included):
analytics.ingest reads them, and names what it cannot read.
"""

import csv
import io
import operator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .ingest import FIELDS, cycle_collection_paused

BOM = "\ufeff"


class CsvError(ValueError):
    """The file as a whole cannot be read (encoding, header); no row was looked at."""


@dataclass(frozen=True)
class ParsedCsv:
    items: list[dict]
    lines: list[int]  # the file line of each item

    def row_errors(self, errors: list[dict]) -> list[dict]:
        """Ingest errors ({"index", "field", "message"}) as {"row", "field", "message"}."""
        rows = []
        for error in errors:
            message = error["message"]
            if "duplicate_of" in error:
                message = _("Row %(other)d has the same post and capture time.") % {
                    "other": self.lines[error["duplicate_of"]]
                }
            rows.append(
                {"row": self.lines[error["index"]], "field": error["field"], "message": message}
            )
        return rows


def template(delimiter: str = ",") -> str:
    """The empty template: the header row only, with a BOM so Excel reads it as UTF-8."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerow(FIELDS)
    return BOM + out.getvalue()


def parse(content: bytes) -> ParsedCsv:
    """The rows of an uploaded file as ingest items; CsvError when the file cannot be read."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError(_('The file is not UTF-8 text. In Excel, save it as "CSV UTF-8".')) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise CsvError(_("The file is empty."))
        columns = [name.strip().lower() for name in header]
        missing = [name for name in FIELDS if name not in columns]
        if missing:
            raise CsvError(
                _("The header row lacks these columns: %(columns)s. Start from the template.")
                % {"columns": ", ".join(missing)}
            )
        with cycle_collection_paused():  # a dict per row, tens of thousands of them
            return _read_rows(reader, [columns.index(name) for name in FIELDS], len(columns))
    except csv.Error as error:
        raise CsvError(
            _("Line %(line)d cannot be read as CSV: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None


def _read_rows(reader, positions: list[int], width: int) -> ParsedCsv:
    cells_of = operator.itemgetter(*positions)
    items, lines = [], []
    for cells in reader:
        if not "".join(cells).strip():
            continue  # an empty line, as spreadsheets leave at the end
        if len(cells) < width:  # a short row: its missing cells are empty
            cells += [""] * (width - len(cells))
        # As written: the ingest reads " 1250 " as 1250 (stripping every cell here took
        # a tenth of a large file's time).
        items.append(dict(zip(FIELDS, cells_of(cells), strict=True)))
        lines.append(reader.line_num)
    return ParsedCsv(items=items, lines=lines)
