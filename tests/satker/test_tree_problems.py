"""tree_problems: silent on a sound tree, names the unit and the fault on a broken one.

Each test breaks the seeded tree with a raw UPDATE, as a crashed writer or a bad
bulk update would; the test transaction rolls it back.
"""

from django.db.models import F

from satker.models import Satker
from satker.tree import tree_problems


def corrupt(code: str, **fields) -> None:
    Satker.objects.filter(code=code).update(**fields)


def problems_about(code: str) -> list[str]:
    return [problem for problem in tree_problems() if problem.startswith(f"{code}:")]


def test_the_seeded_tree_is_sound(tree):
    assert tree_problems() == []


def test_an_empty_tree_is_a_problem(tree):
    Satker.objects.all()._raw_delete(Satker.objects.db)
    assert tree_problems() == ["The tree is empty: run `python manage.py seed_satker`."]


def test_it_finds_swapped_lft_and_rght(tree):
    unit = tree("33.74")
    corrupt("33.74", lft=F("rght"), rght=F("lft"))
    assert f"33.74: lft {unit.rght} is not below rght {unit.lft}." in problems_about("33.74")


def test_it_finds_a_unit_outside_its_parent(tree):
    jateng = tree("33")
    corrupt("33.74", lft=jateng.rght + 1, rght=jateng.rght + 2)
    assert any("is not nested inside its parent 33 " in p for p in problems_about("33.74"))


def test_it_finds_a_wrong_level(tree):
    corrupt("33.74", level=1)
    assert problems_about("33.74") == ["33.74: level 1 under 33 at level 1."]


def test_it_finds_a_level_deeper_than_a_regency(tree):
    corrupt("33.74", level=3)
    assert "33.74: level 3 is deeper than a regency." in problems_about("33.74")


def test_it_finds_overlapping_siblings(tree):
    corrupt("33.73", rght=tree("33.74").rght)
    assert any("should be" in p for p in problems_about("33.73"))
    assert any("gap or overlap among the children of 33" in p for p in problems_about("33.74"))


def test_it_finds_a_second_root(tree):
    corrupt("33", parent=None)
    assert "Expected one root with code '00', found ['00', '33']." in tree_problems()


def test_it_finds_a_root_not_starting_at_one(tree):
    corrupt("00", lft=0)
    assert "00: the root's lft is 0, not 1." in tree_problems()


def test_it_finds_a_unit_under_another_provinces_code(tree):
    corrupt("33.74", parent=tree("11"))
    assert "33.74: code does not start with its parent's code 11." in problems_about("33.74")


def test_it_finds_a_sibling_whose_interval_sits_inside_another(tree):
    # Every number still used once and every node inside its parent: only the
    # children's tiling shows that 33.74's lft/rght disagree with its parent link.
    first = tree("33.73")
    corrupt("33.73", rght=first.rght + 2)
    corrupt("33.74", lft=first.lft + 1, rght=first.lft + 2)
    assert "33.74: lft" in " ".join(problems_about("33.74"))
    assert any("should be" in p for p in problems_about("33.73"))
