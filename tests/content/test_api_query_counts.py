"""The posts list costs the same number of queries however many posts it returns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import NeutralityTerm, PostMedia
from tests.factories import PostFactory

pytestmark = pytest.mark.usefixtures("english")


def queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/posts/", {"page_size": 1000, **query})
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def add_posts(publish_brief, tree):
    """``add_posts(n)``: n more submitted posts routed to Jawa Tengah, each with an image,
    for n units of Jawa Tengah."""
    brief = publish_brief(code="33", units=None)
    assignments = iter(brief.assignments.order_by("pk"))

    def add(count: int) -> None:
        for _ in range(count):
            post = PostFactory(
                assignment=next(assignments),
                status="submitted",
                review_unit=tree("33"),
                caption="Kata Golkar: #PemiluDamai #CekDPT",
            )
            PostMedia.objects.create(
                post=post,
                file=f"post-media/{post.pk}/a.jpg",
                thumbnail=f"post-media/{post.pk}/b.webp",
                original_name="a.jpg",
                content_type="image/jpeg",
                size=1,
                alt_text="KPPS",
                uploaded_by=post.author,
            )

    return add


@pytest.fixture(autouse=True)
def terms(db):
    NeutralityTerm.objects.create(term="Golkar", kind="party")


@pytest.mark.parametrize(
    ("code", "role", "query"),
    [
        ("00", "viewer", {}),
        ("33", "approver", {"review": "mine"}),
        ("33", "editor", {"platform": "instagram", "status": "submitted"}),
    ],
)
def test_the_post_list_costs_the_same_for_1_and_30_posts(add_posts, api_as, code, role, query):
    client = api_as(code, role)
    add_posts(1)
    one = queries(client, **query)
    add_posts(29)
    assert len(client.get("/api/v1/posts/", {"page_size": 1000, **query}).json()["results"]) == 30
    # count, page, media, neutrality terms
    assert one == queries(client, **query) == 4
