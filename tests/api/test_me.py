"""GET /api/v1/me/: who the caller is, in which unit, with which role."""

from ..conftest import SEMARANG


def test_me_names_the_unit_and_role(api, make_user, tree):
    user = make_user(SEMARANG, "approver", username="semarang.approver")
    api.force_authenticate(user)
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json() == {
        "username": "semarang.approver",
        "role": "approver",
        "satker": {"id": tree(SEMARANG).pk, "code": "33.74", "name": "KPU Kota Semarang"},
    }
