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


def test_a_token_call_loads_the_user_and_unit_in_one_query(make_user, django_assert_num_queries):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    editor = make_user("33.74", "editor")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    with django_assert_num_queries(1):
        response = client.get("/api/v1/me/")
    assert response.json()["satker"]["code"] == "33.74"
