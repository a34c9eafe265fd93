"""Turn the Kemendagri region list (shared/data/wilayah) into the unit table we ship.

The rules of DESIGN.md §3 live here: unit names (KIP in Aceh, "Administrasi" kept
in Jakarta, proper case) and each province's time zone. The result is
satker/data/satker.csv, which `seed_satker` reads; rebuild it with
`python manage.py build_satker_data --source ../shared/data/wilayah`. The source
is idn-area-data 3.1.2 under the ODbL 1.0, and so is the derived table: its
attribution and licence sit beside it (satker/data/README.md, LICENSE-ODbL.md).
"""

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

from .models import ROOT_CODE
from .roles import Zone

ROOT_NAME = "KPU Republik Indonesia"
ACEH_CODE = "11"
DATA_FILE = Path(__file__).resolve().parent / "data" / "satker.csv"
FIELDS = ["code", "parent_code", "name", "timezone"]

# WITA: Bali, NTB, NTT, South/East/North Kalimantan, Sulawesi and Gorontalo.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
# WIT: Maluku and the Papua provinces.
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}

_LOWERCASE_WORDS = {"dan"}
_UPPERCASE_WORDS = {"dki"}


@dataclass(frozen=True)
class UnitRow:
    code: str
    parent_code: str
    name: str
    timezone: str


def province_zone(province_code: str) -> Zone:
    if province_code in _WIT_PROVINCES:
        return Zone.WIT
    if province_code in _WITA_PROVINCES:
        return Zone.WITA
    return Zone.WIB


def proper_case(upper_name: str) -> str:
    """ "KABUPATEN PANGKAJENE DAN KEPULAUAN" -> "Kabupaten Pangkajene dan Kepulauan"."""
    words = []
    for position, word in enumerate(upper_name.split()):
        lower = word.lower()
        if lower in _UPPERCASE_WORDS:
            words.append(word.upper())
        elif lower in _LOWERCASE_WORDS and position > 0:
            words.append(lower)
        else:
            words.append("-".join(part.capitalize() for part in lower.split("-")))
    return " ".join(words)


def _commission(province_code: str) -> str:
    # Aceh's election commission is the Komisi Independen Pemilihan (KIP).
    return "KIP" if province_code == ACEH_CODE else "KPU"


def province_unit_name(code: str, upper_name: str) -> str:
    if code == ACEH_CODE:
        return "KIP Aceh"
    return f"KPU Provinsi {proper_case(upper_name)}"


def regency_unit_name(province_code: str, upper_name: str) -> str:
    return f"{_commission(province_code)} {proper_case(upper_name)}"


def build_rows(source_dir: Path) -> list[UnitRow]:
    """Root, provinces and regencies, parents before children, from the source CSVs."""
    rows = [UnitRow(ROOT_CODE, "", ROOT_NAME, Zone.WIB.value)]
    with open(source_dir / "provinces.csv", encoding="utf-8", newline="") as provinces:
        for province in csv.DictReader(provinces):
            rows.append(
                UnitRow(
                    code=province["code"],
                    parent_code=ROOT_CODE,
                    name=province_unit_name(province["code"], province["name"]),
                    timezone=province_zone(province["code"]).value,
                )
            )
    with open(source_dir / "regencies.csv", encoding="utf-8", newline="") as regencies:
        for regency in csv.DictReader(regencies):
            province_code = regency["province_code"]
            rows.append(
                UnitRow(
                    code=regency["code"],
                    parent_code=province_code,
                    name=regency_unit_name(province_code, regency["name"]),
                    timezone=province_zone(province_code).value,
                )
            )
    return rows


def write_rows(rows: list[UnitRow], path: Path = DATA_FILE) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(asdict(row))


def read_rows(path: Path = DATA_FILE) -> list[UnitRow]:
    """The shipped unit table, parents before children."""
    with open(path, encoding="utf-8", newline="") as data:
        return [UnitRow(**record) for record in csv.DictReader(data)]
