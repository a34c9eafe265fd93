"""GET /api/v1/satker/{id}/: one unit of the caller's subtree; anything else is 404."""

from satker.models import Satker

from ..conftest import JATENG, SEMARANG


def test_it_shows_a_unit_of_the_subtree(api_as, tree):
    response = api_as(JATENG).get(f"/api/v1/satker/{tree(SEMARANG).pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "KPU Kota Semarang"


def test_an_unknown_id_looks_like_an_out_of_scope_one(api_as, tree):
    client = api_as(SEMARANG)
    unknown = client.get(f"/api/v1/satker/{Satker.objects.order_by('-pk')[0].pk + 1}/")
    outside = client.get(f"/api/v1/satker/{tree(JATENG).pk}/")
    assert (unknown.status_code, outside.status_code) == (404, 404)
    assert unknown.json() == outside.json()  # nothing tells them apart


def test_it_answers_one_query_for_a_unit(api_as, tree, django_assert_num_queries):
    client, url = api_as(JATENG), f"/api/v1/satker/{tree(SEMARANG).pk}/"
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
