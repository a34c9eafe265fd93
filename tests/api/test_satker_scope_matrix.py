"""The scope matrix (issue 2): every role, at every level, sees exactly its subtree.

Read scope does not depend on the role, so each case runs for all four roles: a
stronger role must never widen what a unit sees.
"""

import pytest

from satker.models import Satker

from ..conftest import BANDA_ACEH, BANYUMAS, JATENG, NATIONAL, SEMARANG

ROLES = ["viewer", "editor", "approver", "admin"]
JATIM = "35"  # a sibling of Jawa Tengah

# (viewpoint, relation, target unit, status of GET satker/{id}/). A relation that a
# viewpoint lacks (national has no parent, a regency no child) is left out.
DETAIL_CASES = [
    (NATIONAL, "self", NATIONAL, 200),
    (NATIONAL, "child", JATENG, 200),
    (NATIONAL, "grandchild", SEMARANG, 200),
    (JATENG, "self", JATENG, 200),
    (JATENG, "child", SEMARANG, 200),
    (JATENG, "parent", NATIONAL, 404),
    (JATENG, "sibling", JATIM, 404),
    (JATENG, "other-province", BANDA_ACEH, 404),
    (SEMARANG, "self", SEMARANG, 200),
    (SEMARANG, "parent", JATENG, 404),
    (SEMARANG, "grandparent", NATIONAL, 404),
    (SEMARANG, "sibling", BANYUMAS, 404),
    (SEMARANG, "other-province", BANDA_ACEH, 404),
]


def _codes_in_subtree(code: str) -> set[str]:
    """The subtree by code prefix, independent of the MPTT fields that scope reads."""
    codes = Satker.objects.values_list("code", flat=True)
    if code == NATIONAL:
        return set(codes)
    return {c for c in codes if c == code or c.startswith(f"{code}.")}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("viewpoint", "relation", "target", "status"),
    DETAIL_CASES,
    ids=[f"{viewpoint}-{relation}" for viewpoint, relation, _, _ in DETAIL_CASES],
)
def test_detail_answers_only_inside_the_subtree(
    api_as, tree, role, viewpoint, relation, target, status
):
    unit = tree(target)
    response = api_as(viewpoint, role).get(f"/api/v1/satker/{unit.pk}/")
    assert response.status_code == status
    if status == 200:
        assert response.json()["code"] == target


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("viewpoint", "count"), [(NATIONAL, 553), (JATENG, 36), (SEMARANG, 1)])
def test_list_shows_exactly_the_subtree(api_as, role, viewpoint, count):
    response = api_as(viewpoint, role).get("/api/v1/satker/", {"page_size": 1000})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == count
    assert {unit["code"] for unit in body["results"]} == _codes_in_subtree(viewpoint)
