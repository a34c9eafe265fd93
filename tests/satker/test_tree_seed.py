"""seed_tree: idempotent, renames in place, re-adds what is missing, keeps the tree sound."""

from dataclasses import replace

from satker.models import Satker
from satker.tree import seed_tree, tree_problems
from satker.wilayah import UnitRow, read_rows


def snapshot() -> list[tuple]:
    return list(
        Satker.objects.order_by("code").values_list(
            "id", "code", "name", "timezone", "parent_id", "tree_id", "lft", "rght", "level"
        )
    )


def positions() -> dict[str, tuple[int, int, int]]:
    return {code: (lft, rght, level) for _, code, *_, lft, rght, level in snapshot()}


def empty_the_tree() -> None:
    # One raw DELETE: the parent foreign key would refuse a row-by-row delete.
    Satker.objects.all()._raw_delete(Satker.objects.db)


def renamed(rows: list[UnitRow], code: str, name: str) -> list[UnitRow]:
    return [replace(row, name=name) if row.code == code else row for row in rows]


def test_seeding_again_changes_nothing(tree):
    before = snapshot()
    result = seed_tree()
    assert (result.created, result.updated, result.unchanged) == ([], [], 553)
    assert snapshot() == before


def test_the_first_seeding_creates_every_unit_in_one_sound_tree(tree):
    empty_the_tree()
    result = seed_tree()
    assert len(result.created) == 553
    assert result.created[:3] == ["00", "11", "11.01"]  # tree order
    assert tree_problems() == []


def test_bulk_seeding_numbers_the_tree_as_django_mptt_inserts_would(tree):
    bulk = positions()
    empty_the_tree()
    rows = read_rows()
    seed_tree(rows[:1])  # the root alone, then every other unit one by one
    result = seed_tree(rows)
    assert len(result.created) == 552
    assert positions() == bulk


def test_a_unit_renamed_in_the_database_is_renamed_back_in_place(tree, make_user):
    editor = make_user("33.74", "editor")
    before = snapshot()
    Satker.objects.filter(code="33.74").update(name="KPU Kota Semarang Lama")
    result = seed_tree()
    assert (result.created, result.updated) == ([], ["33.74"])
    assert snapshot() == before
    editor.refresh_from_db()
    assert editor.satker.name == "KPU Kota Semarang"


def test_a_wrong_time_zone_is_put_right(tree):
    Satker.objects.filter(code="73").update(timezone="Asia/Jakarta")
    assert seed_tree().updated == ["73"]
    assert tree("73").timezone == "Asia/Makassar"


def test_a_region_renamed_in_the_table_is_renamed_in_place(tree, make_user):
    unit = tree("33.02")
    viewer = make_user("33.02")
    result = seed_tree(renamed(read_rows(), "33.02", "KPU Kabupaten Banyumas Raya"))
    assert result.updated == ["33.02"]
    moved = tree("33.02")
    assert (moved.pk, moved.name, moved.lft, moved.rght) == (
        unit.pk,
        "KPU Kabupaten Banyumas Raya",
        unit.lft,
        unit.rght,
    )
    assert viewer.satker_id == moved.pk


def test_a_deleted_regency_comes_back_in_its_place(tree):
    before = positions()
    tree("33.02").delete()
    assert "33.02" not in positions()
    result = seed_tree()
    assert result.created == ["33.02"]
    assert tree("33.02").parent.code == "33"
    assert positions() == before
    assert tree_problems() == []


def test_a_region_added_to_the_table_joins_its_province_in_code_order(tree):
    rows = read_rows()
    new = UnitRow(code="33.80", parent_code="33", name="KPU Kota Baru", timezone="Asia/Jakarta")
    result = seed_tree([*rows, new])
    assert result.created == ["33.80"]
    children = [unit.code for unit in tree("33").get_children()]
    assert children == sorted(children)
    assert tree_problems() == []


def test_a_province_added_with_its_regencies_is_built_under_the_root(tree):
    new = [
        UnitRow("97", "00", "KPU Provinsi Contoh", "Asia/Jayapura"),
        UnitRow("97.01", "97", "KPU Kabupaten Contoh", "Asia/Jayapura"),
    ]
    assert seed_tree([*read_rows(), *new]).created == ["97", "97.01"]
    assert [unit.code for unit in tree("97.01").get_ancestors()] == ["00", "97"]
    assert tree_problems() == []


def test_units_gone_from_the_table_are_left_alone(tree):
    rows = [row for row in read_rows() if row.code != "33.74"]
    result = seed_tree(rows)
    assert (result.created, result.updated, result.unchanged) == ([], [], 552)
    assert Satker.objects.filter(code="33.74").exists()
