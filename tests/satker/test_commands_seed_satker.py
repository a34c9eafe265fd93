"""`manage.py seed_satker`: reports what it did; a second run does nothing."""

from io import StringIO

from django.core.management import call_command

from satker.models import Satker


def seed_satker() -> str:
    out = StringIO()
    call_command("seed_satker", stdout=out)
    return out.getvalue()


def test_a_second_run_reports_nothing_to_do(tree):
    assert seed_satker() == "Units: 0 created, 0 updated, 553 unchanged.\n"


def test_it_reports_the_units_it_renamed_back(tree):
    Satker.objects.filter(code__in=["11", "33.74"]).update(name="Lama")
    assert seed_satker() == ("Units: 0 created, 2 updated, 551 unchanged.\n  updated: 11, 33.74\n")
    assert tree("11").name == "KIP Aceh"


def test_it_reports_the_units_it_added(tree):
    tree("33.02").delete()
    assert seed_satker() == "Units: 1 created, 0 updated, 552 unchanged.\n  created: 33.02\n"


def test_the_first_run_counts_every_unit_and_names_only_a_few(tree):
    Satker.objects.all()._raw_delete(Satker.objects.db)
    lines = seed_satker().splitlines()
    assert lines[0] == "Units: 553 created, 0 updated, 0 unchanged."
    assert lines[1].startswith("  created: 00, 11, 11.01, ")
    assert lines[1].endswith(", ... (553 in all)")
    assert Satker.objects.count() == 553
