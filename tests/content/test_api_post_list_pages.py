"""The posts list page by page: every post once, in the list's order, within the
caller's subtree only.

Pages are read ids first (``kpu_portal.api.IdsFirstPaginator``) and the national
scope costs no join (``satker.scope.subtree_q``); these tests pin that both give
exactly what slicing the ordered, scoped list would.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from content.models import Post
from kpu_portal.api import IdsFirstPagination
from satker import scope
from satker.models import Satker
from tests.factories import PostFactory

UNITS = ["33", "33.74", "33.02", "11", "11.71"]
PLATFORMS = ["instagram", "facebook", "x"]


@pytest.fixture
def posts(publish_brief):
    """Three posts for each of five units; many share an updated_at, so the id
    decides their order."""
    brief = publish_brief(code="00", units=UNITS)
    for assignment in brief.assignments.all():
        for platform in PLATFORMS:
            PostFactory(assignment=assignment, platform=platform)
    moment = timezone.now()
    for index, pk in enumerate(Post.objects.order_by("pk").values_list("pk", flat=True)):
        Post.objects.filter(pk=pk).update(updated_at=moment - timedelta(minutes=index % 3))
    return Post.objects.all()


def expected_order(rows) -> list[int]:
    return list(rows.order_by("-updated_at", "-pk").values_list("pk", flat=True))


def read_every_page(client, page_size: int, **query) -> tuple[list[int], list[dict]]:
    """The ids of every page, following "next" from page 1; and each page's body."""
    ids, bodies = [], []
    url, params = "/api/v1/posts/", {"page_size": page_size, **query}
    while url:
        body = client.get(url, params).json()
        bodies.append(body)
        ids += [row["id"] for row in body["results"]]
        url, params = body["next"], None
    return ids, bodies


def in_subtree(rows, code: str):
    unit = Satker.objects.get(code=code)
    return rows.filter(
        satker__tree_id=unit.tree_id, satker__lft__gte=unit.lft, satker__rght__lte=unit.rght
    )


@pytest.mark.parametrize("code", ["00", "33", "33.74"], ids=["national", "province", "regency"])
def test_the_pages_hold_the_callers_subtree_once_each_in_order(api_as, posts, code):
    ids, bodies = read_every_page(api_as(code), page_size=4)
    assert ids == expected_order(in_subtree(posts, code))
    assert {body["count"] for body in bodies} == {len(ids)}
    assert bodies[0]["previous"] is None
    assert [body["previous"] is not None for body in bodies[1:]] == [True] * (len(bodies) - 1)


def test_a_filtered_list_pages_the_same_way(api_as, posts):
    ids, _ = read_every_page(api_as("00"), page_size=2, platform="instagram")
    assert ids == expected_order(posts.filter(platform="instagram"))
    assert len(ids) == len(UNITS)


def test_a_page_asks_for_one_page_of_rows_in_one_query(api_as, posts):
    client = api_as("00")
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/v1/posts/", {"page_size": 4, "page": 2}).json()
    assert [row["id"] for row in body["results"]] == expected_order(posts)[4:8]
    pages = [query["sql"] for query in captured if "LIMIT" in query["sql"]]
    # The page's rows are joined for its ids only: the ids come from an inner query.
    assert len(pages) == 1
    assert " IN (SELECT " in pages[0]


def test_the_national_count_joins_nothing(api_as, posts):
    with CaptureQueriesContext(connection) as captured:
        api_as("00").get("/api/v1/posts/", {"platform": "instagram"})
    (count,) = [query["sql"] for query in captured if "COUNT(" in query["sql"]]
    assert "JOIN" not in count
    assert "ORDER BY" not in count


def test_a_unit_outside_the_subtree_never_shows_on_any_page(api_as, posts):
    ids, _ = read_every_page(api_as("33"), page_size=3)
    seen = Post.objects.filter(pk__in=ids).values_list("satker__code", flat=True)
    assert set(seen) == {"33", "33.74", "33.02"}


def test_subtree_q_matches_the_tree_interval_for_every_unit(posts):
    # The root ("has a unit") and leaves ("is the unit") take shortcuts; each must
    # select what the interval rule selects.
    for unit in Satker.objects.all():
        shortcut = set(posts.filter(scope.subtree_q(unit, "satker")).values_list("pk", flat=True))
        interval = set(in_subtree(posts, unit.code).values_list("pk", flat=True))
        assert shortcut == interval, unit.code


def test_ids_first_pagination_still_pages_a_plain_list():
    request = Request(APIRequestFactory().get("/", {"page": 3, "page_size": 10}))
    page = IdsFirstPagination().paginate_queryset(list(range(25)), request)
    assert page == list(range(20, 25))
