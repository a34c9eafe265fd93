"""The shipped unit table and the naming rules that derive it from the Kemendagri list."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from satker.roles import Zone
from satker.wilayah import (
    DATA_FILE,
    build_rows,
    proper_case,
    province_unit_name,
    province_zone,
    read_rows,
    regency_unit_name,
)

SOURCE = Path(settings.BASE_DIR).parent / "shared" / "data" / "wilayah"

needs_source = pytest.mark.skipif(
    not (SOURCE / "regencies.csv").is_file(),
    reason=f"the region list {SOURCE} is not checked out next to the project",
)


@pytest.mark.parametrize(
    ("upper", "proper"),
    [
        ("KABUPATEN PANGKAJENE DAN KEPULAUAN", "Kabupaten Pangkajene dan Kepulauan"),
        ("KOTA BAU-BAU", "Kota Bau-Bau"),
        ("KOTA SEMARANG", "Kota Semarang"),
        ("DKI JAKARTA", "DKI Jakarta"),
        ("KOTA ADMINISTRASI JAKARTA PUSAT", "Kota Administrasi Jakarta Pusat"),
        ("KABUPATEN TOJO UNA-UNA", "Kabupaten Tojo Una-Una"),
        ("DAN", "Dan"),  # a first word is always capitalised
    ],
)
def test_proper_case(upper, proper):
    assert proper_case(upper) == proper


def test_proper_case_ignores_extra_spaces():
    assert proper_case("  KOTA   BANDA  ACEH ") == "Kota Banda Aceh"


def test_aceh_is_kip_and_other_provinces_kpu_provinsi():
    assert province_unit_name("11", "ACEH") == "KIP Aceh"
    assert province_unit_name("33", "JAWA TENGAH") == "KPU Provinsi Jawa Tengah"


def test_regencies_take_their_provinces_commission():
    assert regency_unit_name("11", "KOTA BANDA ACEH") == "KIP Kota Banda Aceh"
    assert regency_unit_name("33", "KABUPATEN BANYUMAS") == "KPU Kabupaten Banyumas"


@pytest.mark.parametrize(
    ("province", "zone"),
    [
        ("33", Zone.WIB),
        ("61", Zone.WIB),
        ("51", Zone.WITA),
        ("65", Zone.WITA),
        ("75", Zone.WITA),
        ("82", Zone.WIT),
        ("93", Zone.WIT),
    ],
)
def test_province_zone(province, zone):
    assert province_zone(province) == zone


def test_the_shipped_table_lists_parents_before_children():
    seen = set()
    for row in read_rows():
        assert row.parent_code in seen | {""}, row.code
        seen.add(row.code)
    assert len(seen) == 553


@needs_source
def test_the_shipped_table_equals_a_rebuild_from_the_source():
    assert read_rows() == build_rows(SOURCE)


@needs_source
def test_build_satker_data_writes_the_shipped_file_byte_for_byte(tmp_path):
    output = tmp_path / "satker.csv"
    out = StringIO()
    call_command("build_satker_data", source=SOURCE, output=output, stdout=out)
    assert output.read_bytes() == DATA_FILE.read_bytes()
    assert f"Wrote 553 units to {output}" in out.getvalue()


@needs_source
def test_build_satker_data_check_passes_on_the_shipped_file(capsys):
    call_command("build_satker_data", source=SOURCE, check=True)
    assert "matches" in capsys.readouterr().out


@needs_source
def test_build_satker_data_check_names_a_drifted_unit(tmp_path):
    drifted = tmp_path / "satker.csv"
    drifted.write_text(DATA_FILE.read_text().replace("KPU Kota Semarang", "KPU Kota Semarang Lama"))
    with pytest.raises(CommandError, match=r"1 unit\(s\): 33\.74"):
        call_command("build_satker_data", source=SOURCE, output=drifted, check=True)


def test_build_satker_data_refuses_a_folder_without_the_lists(tmp_path):
    with pytest.raises(CommandError, match=r"provinces\.csv does not exist"):
        call_command("build_satker_data", source=tmp_path, output=tmp_path / "out.csv")


def test_the_table_ships_with_its_attribution_and_licence():
    readme = " ".join((DATA_FILE.parent / "README.md").read_text().split())
    assert "idn-area-data" in readme and "3.1.2" in readme
    assert "Open Database License (ODbL) 1.0" in readme
    licence = (DATA_FILE.parent / "LICENSE-ODbL.md").read_text()
    assert licence.startswith("# Open Database License (ODbL)")


@needs_source
def test_the_shipped_licence_is_the_sources():
    assert (DATA_FILE.parent / "LICENSE-ODbL.md").read_bytes() == (
        SOURCE / "LICENSE-ODbL.md"
    ).read_bytes()
