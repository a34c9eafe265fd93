"""Downloads of the dashboard's tables: scope, files, agreement, filters, injection."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kpu_portal.csv_files import csv_safe
from satker.models import Satker

from . import test_pages_dashboard_support as support
from .test_pages_dashboard_support import WIB, read_csv

# Fixtures shared with the other dashboard tests.
api_of, client_as, dash_world = support.api_of, support.client_as, support.dash_world

UNITS_HEADER = [
    "Code",
    "Work unit",
    "Assignments",
    "Acknowledged",
    "Acknowledged (%)",
    "Submitted",
    "Submitted (%)",
    "Approved",
    "Approved (%)",
    "Published",
    "Published (%)",
    "Overdue",
    "Median hours to publish",
    "Published posts",
    "Impressions",
    "Reach",
    "Likes",
    "Comments",
    "Shares",
    "Views",
    "Engagement (likes + comments + shares)",
]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def export_url(unit: Satker, table: str, fmt: str, **query) -> str:
    address = reverse("dashboard-export", args=[unit.pk, table, fmt])
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


def workbook(response):
    return load_workbook(io.BytesIO(response.content), read_only=True)


def test_a_province_cannot_export_the_national_dashboard(tree, dash_world, client_as):
    client = client_as("33", "admin")
    for table, fmt in [("units", "csv"), ("units", "xlsx"), ("all", "xlsx"), ("trend", "csv")]:
        assert client.get(export_url(tree("00"), table, fmt)).status_code == 404
        assert client.get(export_url(tree("11"), table, fmt)).status_code == 404
        assert client.get(export_url(tree("33"), table, fmt)).status_code == 200


def test_unknown_tables_and_formats_answer_404(tree, client_as):
    client = client_as("00")
    for table, fmt in [("secrets", "csv"), ("units", "pdf"), ("all", "csv")]:
        assert client.get(export_url(tree("00"), table, fmt)).status_code == 404


def test_the_xlsx_opens_with_the_right_header_and_rows(tree, dash_world, client_as):
    response = client_as("00").get(export_url(tree("33"), "units", "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = workbook(response)
    assert book.sheetnames == ["Per unit", "About"]
    rows = list(book["Per unit"].iter_rows(values_only=True))
    assert list(rows[0]) == UNITS_HEADER
    assert len(rows) == 1 + 35 + 1  # header, the regencies, the province's total
    semarang = next(row for row in rows if row[0] == "33.74")
    assert semarang[1:5] == ("KPU Kota Semarang", 2, 1, 50)  # Hoaks not acknowledged
    assert semarang[9:12] == (1, 50, 1)  # published, share, overdue (Hoaks)
    assert rows[-1][:3] == ("33", "KPU Provinsi Jawa Tengah", 36 + 2)  # Cek DPT, Hoaks


def test_the_whole_workbook_has_every_table(tree, dash_world, client_as):
    response = client_as("00").get(export_url(tree("00"), "all", "xlsx"))
    book = workbook(response)
    assert book.sheetnames == [
        "Per unit",
        "Leaders",
        "Laggards",
        "Trend",
        "Per platform",
        "Per voter segment",
        "About",
    ]
    trend = list(book["Trend"].iter_rows(values_only=True))
    assert trend[0][:2] == ("Day", "Posts published that day")
    assert sum(row[1] for row in trend[1:]) == 4
    platforms = list(book["Per platform"].iter_rows(values_only=True))
    assert [row[:3] for row in platforms[1:]] == [("Instagram", 3, 3), ("X", 1, 1)]
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Work unit code"] == "00"


def test_file_names_carry_the_unit_code_and_the_day(tree, dash_world, client_as):
    response = client_as("00").get(export_url(tree("33.74"), "trend", "csv"))
    today = timezone.localdate(timezone=WIB).isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="sync-dashboard-33.74-trend-{today}.csv"'
    )


def _api_units(api, unit, **query) -> dict:
    answer = api.get(f"/api/v1/dashboard/{unit.pk}/", query).json()
    rows = {}
    for row in [*answer["children"], answer]:
        rows[row["satker"]["code"]] = [
            row["total"],
            row["acknowledged"],
            row["submitted"],
            row["approved"],
            row["published"],
            row["overdue"],
            row["engagement"]["reach"],
            row["engagement"]["likes"],
        ]
    return rows


def _export_units(rows: list[list]) -> dict:
    header = rows[0]
    names = [
        "Assignments",
        "Acknowledged",
        "Submitted",
        "Approved",
        "Published",
        "Overdue",
        "Reach",
        "Likes",
    ]
    columns = [header.index(name) for name in names]
    return {row[0]: [int(row[index]) for index in columns] for row in rows[1:]}


@pytest.mark.parametrize("code", ["00", "33"])
def test_the_exports_agree_with_the_api(tree, dash_world, client_as, api_of, code):
    client, unit = client_as("00"), tree(code)
    expected = _api_units(api_of("00"), unit)
    csv_rows = read_csv(client.get(export_url(unit, "units", "csv")))
    assert _export_units(csv_rows) == expected
    sheet = workbook(client.get(export_url(unit, "units", "xlsx")))["Per unit"]
    assert _export_units([list(row) for row in sheet.iter_rows(values_only=True)]) == expected


def test_the_filters_apply_to_the_exports(tree, dash_world, client_as, api_of):
    brief = dash_world["hoaks"]
    client = client_as("00")
    rows = read_csv(client.get(export_url(tree("33"), "units", "csv", campaign=brief.pk)))
    assert _export_units(rows) == _api_units(api_of("00"), tree("33"), campaign=brief.pk)
    assert _export_units(rows)["33"] == [2, 0, 0, 0, 0, 2, 0, 0]

    today = timezone.localdate(timezone=WIB)
    trend = read_csv(client.get(export_url(tree("00"), "trend", "csv", start=today, end=today)))
    assert [row[0] for row in trend[1:]] == [today.isoformat()]
    bad = client.get(export_url(tree("00"), "trend", "csv", start="2026-05-02", end="2026-05-01"))
    assert bad.status_code == 400


def test_a_regency_export_has_only_the_regency(tree, dash_world, client_as):
    rows = read_csv(client_as("33.74").get(export_url(tree("33.74"), "units", "csv")))
    assert [row[0] for row in rows[1:]] == ["33.74"]


def test_csv_cells_cannot_start_a_formula(tree, dash_world, client_as):
    Satker.objects.filter(code="33.74").update(name='=HYPERLINK("http://evil.example","x")')
    Satker.objects.filter(code="33.02").update(name="@SUM(1+1)")
    Satker.objects.filter(code="33.01").update(name="+1")
    Satker.objects.filter(code="33.03").update(name="-1")
    client = client_as("00")
    rows = read_csv(client.get(export_url(tree("33"), "units", "csv")))
    names = {row[0]: row[1] for row in rows[1:]}
    assert names["33.74"] == '\'=HYPERLINK("http://evil.example","x")'
    assert names["33.02"] == "'@SUM(1+1)"
    assert names["33.01"] == "'+1"
    assert names["33.03"] == "'-1"
    assert names["33.04"] == "KPU Kabupaten Banjarnegara"
    # Figures stay numbers.
    assert all(not cell.startswith("'") for row in rows[1:] for cell in row[2:])

    sheet = workbook(client.get(export_url(tree("33"), "units", "xlsx")))["Per unit"]
    cells = {row[0].value: row[1] for row in sheet.iter_rows()}
    assert cells["33.74"].data_type == "s"  # text, never a formula
    assert cells["33.74"].value.startswith("=HYPERLINK")


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("  =1+1", "'  =1+1"),
        ("Rp 5.000 - diskon", "Rp 5.000 - diskon"),
        ("KPU", "KPU"),
        (-5, -5),
        (None, ""),
    ],
)
def test_csv_safe(value, safe):
    assert csv_safe(value) == safe
