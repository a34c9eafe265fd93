"""`manage.py check_satker_tree`: exit 0 on a sound tree; on a broken one a non-zero exit
and a message naming the unit and what is wrong."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from satker.models import Satker


def check_tree() -> str:
    out = StringIO()
    call_command("check_satker_tree", stdout=out)
    return out.getvalue()


def broken(code: str, **fields) -> CommandError:
    Satker.objects.filter(code=code).update(**fields)
    with pytest.raises(CommandError) as error:
        check_tree()
    return error.value


def test_it_passes_the_seeded_tree(tree):
    assert check_tree() == "The unit tree is sound: 553 units.\n"


def test_it_fails_with_exit_status_1(tree):
    assert broken("33.74", level=1).returncode == 1


def test_it_names_swapped_lft_and_rght(tree):
    unit = tree("33.74")
    error = broken("33.74", lft=F("rght"), rght=F("lft"))
    assert f"  - 33.74: lft {unit.rght} is not below rght {unit.lft}." in str(error)


def test_it_names_broken_nesting(tree):
    jateng = tree("33")
    error = broken("33.74", lft=jateng.rght + 100, rght=jateng.rght + 101)
    assert "33.74: " in str(error) and "is not nested inside its parent 33 " in str(error)


def test_it_names_a_wrong_level(tree):
    error = broken("33.74", level=1)
    assert str(error) == "The unit tree has 1 problem(s):\n  - 33.74: level 1 under 33 at level 1."


def test_it_shows_the_first_twenty_problems_of_many(tree):
    error = broken("33", level=0)  # every regency of Jawa Tengah is now one level off as well
    lines = str(error).splitlines()
    assert lines[0] == "The unit tree has 36 problem(s):"
    assert lines[1] == "  - 33: level 0 under 00 at level 0."
    assert lines[-1] == "  ... and 16 more."
    assert len(lines) == 22


def test_it_fails_on_an_empty_tree(tree):
    Satker.objects.all()._raw_delete(Satker.objects.db)
    with pytest.raises(CommandError, match="The tree is empty"):
        check_tree()
