"""The seeded unit tree: its size, names, codes, parents, levels and time zones (DESIGN.md §3)."""

import pytest
from django.db.models import Count, F

from satker.models import Satker
from satker.roles import Zone


def test_it_has_one_root_38_provinces_and_514_regencies(tree):
    counts = dict(Satker.objects.order_by().values_list("level").annotate(Count("id")))
    assert counts == {0: 1, 1: 38, 2: 514}
    assert Satker.objects.count() == 553


def test_the_root_is_the_national_kpu(tree):
    root = Satker.objects.get(parent=None)
    assert (root.code, root.name, root.level) == ("00", "KPU Republik Indonesia", 0)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("00", "KPU Republik Indonesia"),
        ("11", "KIP Aceh"),
        ("33", "KPU Provinsi Jawa Tengah"),
        ("31", "KPU Provinsi DKI Jakarta"),
        ("33.74", "KPU Kota Semarang"),
        ("33.02", "KPU Kabupaten Banyumas"),
        ("11.71", "KIP Kota Banda Aceh"),
        ("11.01", "KIP Kabupaten Aceh Selatan"),
        ("31.71", "KPU Kota Administrasi Jakarta Pusat"),
        ("31.01", "KPU Kabupaten Administrasi Kepulauan Seribu"),
        ("73.10", "KPU Kabupaten Pangkajene dan Kepulauan"),
    ],
)
def test_it_names_units_as_kpu_does(tree, code, name):
    assert tree(code).name == name


def test_only_aceh_units_are_kip(tree):
    kip_codes = set(Satker.objects.filter(name__startswith="KIP ").values_list("code", flat=True))
    aceh = tree("11")
    assert kip_codes == {unit.code for unit in aceh.get_descendants(include_self=True)}
    assert len(kip_codes) == 1 + 23


def test_every_other_unit_is_kpu(tree):
    names = Satker.objects.exclude(code__startswith="11").values_list("name", flat=True)
    assert all(name.startswith("KPU ") for name in names)


def test_regencies_are_a_kabupaten_or_a_kota(tree):
    names = Satker.objects.filter(level=2).values_list("name", flat=True)
    assert all(name.split()[1] in {"Kabupaten", "Kota"} for name in names)


def test_provinces_hang_under_the_root(tree):
    root = tree("00")
    assert set(Satker.objects.filter(level=1).values_list("parent", flat=True)) == {root.pk}


def test_each_regency_hangs_under_the_province_its_code_names(tree):
    for code, parent_code, level in Satker.objects.filter(level=2).values_list(
        "code", "parent__code", "parent__level"
    ):
        assert (code.split(".")[0], level) == (parent_code, 1)


def test_semarang_sits_under_jawa_tengah_under_the_root(tree):
    ancestors = [unit.code for unit in tree("33.74").get_ancestors()]
    assert ancestors == ["00", "33"]


def test_siblings_are_ordered_by_code(tree):
    children = [unit.code for unit in tree("33").get_children()]
    assert children == sorted(children)
    assert len(children) == 35


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("00", Zone.WIB),
        ("33", Zone.WIB),
        ("33.74", Zone.WIB),
        ("33.02", Zone.WIB),
        ("11", Zone.WIB),
        ("62", Zone.WIB),  # Kalimantan Tengah
        ("51", Zone.WITA),  # Bali
        ("73", Zone.WITA),  # Sulawesi Selatan
        ("73.10", Zone.WITA),
        ("64", Zone.WITA),  # Kalimantan Timur
        ("52", Zone.WITA),  # Nusa Tenggara Barat
        ("91", Zone.WIT),  # Papua
        ("81", Zone.WIT),  # Maluku
        ("96", Zone.WIT),  # Papua Barat Daya
    ],
)
def test_it_knows_each_units_time_zone(tree, code, zone):
    unit = tree(code)
    assert unit.timezone == zone.value
    assert unit.zone_label == zone.label


def test_every_regency_of_jawa_tengah_is_wib(tree):
    zones = set(tree("33").get_children().values_list("timezone", flat=True))
    assert zones == {Zone.WIB.value}


def test_every_regency_shares_its_provinces_time_zone(tree):
    mismatched = Satker.objects.filter(level=2).exclude(timezone=F("parent__timezone"))
    assert list(mismatched.values_list("code", flat=True)) == []


def test_the_three_zones_split_the_provinces(tree):
    provinces = Satker.objects.filter(level=1)
    by_zone = dict(provinces.order_by().values_list("timezone").annotate(Count("id")))
    assert by_zone == {Zone.WIB.value: 18, Zone.WITA.value: 12, Zone.WIT.value: 8}
