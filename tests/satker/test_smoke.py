from satker import scope
from satker.models import Satker


def test_the_tree_has_553_units(tree):
    assert Satker.objects.count() == 553


def test_a_regency_editor_sees_only_its_unit(make_user):
    editor = make_user("33.74", "editor")
    assert [unit.code for unit in scope.visible_units(editor)] == ["33.74"]
