"""GET /api/v1/satker/: filters, paging and the cost of a long list."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from kpu_portal.api import Pagination

from ..conftest import ACEH, JATENG, NATIONAL, SEMARANG

URL = "/api/v1/satker/"


def _codes(response) -> list[str]:
    return [unit["code"] for unit in response.json()["results"]]


def test_a_unit_is_described(api_as, tree):
    response = api_as(JATENG).get(URL, {"search": SEMARANG})
    assert response.json()["results"] == [
        {
            "id": tree(SEMARANG).pk,
            "code": "33.74",
            "name": "KPU Kota Semarang",
            "level": "regency",
            "parent": tree(JATENG).pk,
            "timezone": "Asia/Jakarta",
        }
    ]


def test_the_list_is_in_tree_order(api_as):
    response = api_as(NATIONAL).get(URL, {"page_size": 4})
    assert _codes(response) == ["00", "11", "11.01", "11.02"]


@pytest.mark.parametrize(
    ("viewpoint", "level", "count"),
    [(NATIONAL, "national", 1), (NATIONAL, "province", 38), (NATIONAL, "regency", 514),
     (JATENG, "regency", 35), (JATENG, "national", 0)],
)  # fmt: skip
def test_it_filters_by_level(api_as, viewpoint, level, count):
    response = api_as(viewpoint).get(URL, {"level": level, "page_size": 1000})
    assert response.json()["count"] == count
    assert {unit["level"] for unit in response.json()["results"]} <= {level}


def test_an_unknown_level_is_refused_by_name(api_as):
    response = api_as(NATIONAL).get(URL, {"level": "district"})
    assert response.status_code == 400
    assert list(response.json()) == ["level"]


def test_it_filters_by_parent(api_as, tree):
    response = api_as(NATIONAL).get(URL, {"parent": tree(JATENG).pk, "page_size": 1000})
    assert response.json()["count"] == 35
    assert {unit["parent"] for unit in response.json()["results"]} == {tree(JATENG).pk}


def test_the_parent_filter_stays_inside_the_subtree(api_as, tree):
    response = api_as(JATENG).get(URL, {"parent": tree(ACEH).pk})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_malformed_parent_is_refused_by_name(api_as):
    response = api_as(NATIONAL).get(URL, {"parent": "1.5"})
    assert response.status_code == 400
    assert list(response.json()) == ["parent"]


def test_it_searches_names_without_regard_to_case(api_as):
    response = api_as(NATIONAL).get(URL, {"search": "semarang"})
    assert _codes(response) == ["33.22", "33.74"]  # Kabupaten and Kota Semarang


def test_it_searches_code_prefixes(api_as):
    response = api_as(NATIONAL).get(URL, {"search": "33.7"})
    assert _codes(response) == ["33.71", "33.72", "33.73", "33.74", "33.75", "33.76"]


def test_search_stays_inside_the_subtree(api_as):
    assert api_as(JATENG).get(URL, {"search": "Aceh"}).json()["count"] == 0


def test_it_pages_by_50_unless_asked(api_as):
    body = api_as(NATIONAL).get(URL).json()
    assert (body["count"], len(body["results"]), body["previous"]) == (553, 50, None)
    assert "page=2" in body["next"]


def test_it_honours_a_page_size_up_to_1000(api_as):
    body = api_as(NATIONAL).get(URL, {"page_size": 1000}).json()
    assert (len(body["results"]), body["next"]) == (553, None)


def test_the_next_page_follows_on(api_as):
    client = api_as(NATIONAL)
    first = client.get(URL, {"page_size": 100}).json()
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 100
    assert second["results"][0]["code"] not in {unit["code"] for unit in first["results"]}


def test_a_page_size_above_1000_is_cut_to_1000():
    # The tree has only 553 units, so the cut shows on a longer list.
    request = Request(APIRequestFactory().get(URL, {"page_size": 5000}))
    page = Pagination().paginate_queryset(list(range(2500)), request)
    assert len(page) == 1000


@pytest.mark.parametrize("page_size", [5, 1000])
def test_a_list_costs_the_same_queries_however_long(api_as, django_assert_num_queries, page_size):
    client = api_as(NATIONAL)
    with django_assert_num_queries(2):  # the count and the page, never one per unit
        response = client.get(URL, {"page_size": page_size})
    assert response.status_code == 200


def test_a_page_past_the_end_is_404_in_the_callers_language(api_as):
    client = api_as(NATIONAL)
    response = client.get(URL, {"page": 99})
    assert response.status_code == 404
    assert response.json() == {"detail": "Tidak ada halaman 99."}
