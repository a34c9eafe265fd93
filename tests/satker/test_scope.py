"""satker.scope, the one gate: which units and rows a user sees, and what a role allows."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from satker import scope
from satker.models import Satker, User
from satker.roles import Role

from ..conftest import ACEH, BANDA_ACEH, BANYUMAS, JATENG, NATIONAL, SEMARANG

ROLES = [role.value for role in Role]


def _codes(units) -> set[str]:
    return {unit.code for unit in units}


def test_a_province_sees_itself_and_its_regencies(make_user):
    jateng = make_user(JATENG)
    codes = _codes(scope.visible_units(jateng))
    assert len(codes) == 36
    assert all(code == JATENG or code.startswith(f"{JATENG}.") for code in codes)


def test_visible_narrows_a_given_queryset(make_user):
    regencies = Satker.objects.filter(level=2)
    assert scope.visible(make_user(JATENG), regencies).count() == 35


def test_people_are_visible_by_their_unit(make_user):
    admin = make_user(JATENG, "admin")
    below, above, elsewhere = make_user(SEMARANG), make_user(NATIONAL), make_user(ACEH)
    seen = set(scope.visible(admin, User))
    assert {admin, below} <= seen
    assert not {above, elsewhere} & seen


def test_also_visible_adds_rows_from_outside_the_subtree(make_user, monkeypatch):
    # The shape campaigns use for briefs that an ancestor addressed to a unit.
    outsider = make_user(ACEH, username="addressed")
    rule = scope.ScopeRule("satker", also_visible=lambda user: Q(username="addressed"))
    monkeypatch.setitem(scope._RULES, User, rule)
    assert outsider in scope.visible(make_user(SEMARANG), User)


def test_a_model_without_a_rule_fails_loudly(make_user):
    with pytest.raises(LookupError, match="Group has no scope rule"):
        scope.visible(make_user(NATIONAL), Group)


def test_get_visible_or_404_returns_a_visible_object(make_user, tree):
    found = scope.get_visible_or_404(make_user(JATENG), Satker, pk=tree(SEMARANG).pk)
    assert found.code == SEMARANG


@pytest.mark.parametrize(
    "target", [NATIONAL, BANYUMAS, BANDA_ACEH], ids=["parent", "sibling", "other-province"]
)
def test_get_visible_or_404_hides_what_is_out_of_scope(make_user, tree, target):
    with pytest.raises(Http404):
        scope.get_visible_or_404(make_user(SEMARANG, "admin"), Satker, pk=tree(target).pk)


@pytest.mark.parametrize("pk", [10**9, "abc"], ids=["unknown", "malformed"])
def test_get_visible_or_404_answers_404_for_no_such_object(make_user, pk):
    with pytest.raises(Http404):
        scope.get_visible_or_404(make_user(NATIONAL), Satker, pk=pk)


@pytest.mark.parametrize(
    ("target", "seen"),
    [(SEMARANG, True), (JATENG, False), (BANYUMAS, False), (BANDA_ACEH, False)],
    ids=["self", "parent", "sibling", "other-province"],
)
def test_unit_is_visible_follows_the_subtree(make_user, tree, target, seen):
    assert scope.unit_is_visible(make_user(SEMARANG), tree(target)) is seen


@pytest.mark.parametrize("needed", ROLES)
@pytest.mark.parametrize("held", ROLES)
def test_require_role_allows_that_role_and_stronger_ones(make_user, held, needed):
    user = make_user(SEMARANG, held)
    if ROLES.index(held) >= ROLES.index(needed):
        scope.require_role(user, needed)
    else:
        with pytest.raises(PermissionDenied):
            scope.require_role(user, needed)


class TestAnInactiveUser:
    @pytest.fixture
    def gone(self, make_user):
        return make_user(NATIONAL, "admin", is_active=False)

    def test_sees_no_units(self, gone):
        assert not scope.visible_units(gone).exists()

    def test_cannot_reach_its_own_unit(self, gone, tree):
        assert not scope.unit_is_visible(gone, tree(NATIONAL))
        with pytest.raises(Http404):
            scope.get_visible_or_404(gone, Satker, code=NATIONAL)

    def test_holds_no_role(self, gone):
        with pytest.raises(PermissionDenied):
            scope.require_role(gone, Role.VIEWER)

    def test_manages_nobody(self, gone, make_user):
        assert not scope.may_manage_user(gone, make_user(SEMARANG))


def test_an_anonymous_user_sees_nothing(tree):
    assert not scope.visible_units(AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("actor_role", "target_unit", "allowed"),
    [("admin", SEMARANG, True), ("admin", JATENG, True), ("admin", NATIONAL, False),
     ("admin", BANDA_ACEH, False), ("approver", SEMARANG, False)],
)  # fmt: skip
def test_admins_manage_the_people_of_their_subtree(make_user, actor_role, target_unit, allowed):
    actor = make_user(JATENG, actor_role)
    assert scope.may_manage_user(actor, make_user(target_unit)) is allowed
