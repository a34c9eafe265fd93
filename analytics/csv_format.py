"""The metrics CSV: its template, and reading an upload into ingest items.

One row per snapshot, under the header row
``post,captured_at,impressions,reach,likes,comments,shares,views`` (in any order;
other columns are ignored). A post is its id or the address it was published at;
captured_at is ISO 8601 with an offset, or "YYYY-MM-DD HH:MM" read in the
uploader's unit's time zone. UTF-8 with or without a byte-order mark; comma or
semicolon separated (Excel set to Indonesian writes semicolons). A row that names a
post but has no capture time and no figure is left out: the template pre-filled
with a unit's published posts (``template(posts=...)``) has one for every post, and
the uploader fills in those it reports.

Rows are named by their line in the file, the header being line 1, as a
spreadsheet numbers them. Cells reach the ingest as written (" 1250 " included):
analytics.ingest reads them, and names what it cannot read.
"""

import csv
import io
import operator
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kpu_portal.csv_files import csv_safe

from .ingest import FIELDS, cycle_collection_paused

BOM = "\ufeff"


class CsvError(ValueError):
    """The file as a whole cannot be read (encoding, header); no row was looked at."""


@dataclass(frozen=True)
class ParsedCsv:
    items: list[dict]
    lines: list[int]  # the file line of each item
    # Rows naming a post but with no capture time and no figure: a pre-filled
    # template's posts the uploader did not report on.
    left_out: int = 0

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


# Columns of the template pre-filled with a unit's posts, after FIELDS, so the
# uploader recognises each row; an upload ignores them.
POST_COLUMNS = ["platform", "published_at", "url", "brief"]


def template(delimiter: str = ",", posts: Iterable[list] | None = None) -> str:
    """The template, with a BOM so Excel reads it as UTF-8: the header row only, or
    with ``posts`` one row per post (its id, then POST_COLUMNS) to fill in."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if posts is None:
        writer.writerow(FIELDS)
        return BOM + out.getvalue()
    blanks = [""] * (len(FIELDS) - 1)
    writer.writerow([*FIELDS, *POST_COLUMNS])
    for post_id, *described in posts:
        writer.writerow([post_id, *blanks, *(csv_safe(cell) for cell in described)])
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
    reported_of = operator.itemgetter(*positions[1:])  # all but the post
    items, lines, left_out = [], [], 0
    for cells in reader:
        if not "".join(cells).strip():
            continue  # an empty line, as spreadsheets leave at the end
        if len(cells) < width:  # a short row: its missing cells are empty
            cells += [""] * (width - len(cells))
        if not "".join(reported_of(cells)).strip():
            left_out += 1  # a post without a reading: not reported this time
            continue
        # As written: the ingest reads " 1250 " as 1250 (stripping every cell here took
        # a tenth of a large file's time).
        items.append(dict(zip(FIELDS, cells_of(cells), strict=True)))
        lines.append(reader.line_num)
    return ParsedCsv(items=items, lines=lines, left_out=left_out)
