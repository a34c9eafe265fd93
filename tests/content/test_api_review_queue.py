"""GET /api/v1/posts/?review=mine: the caller's review queue — submitted posts routed
to its unit that it did not write, urgent briefs first, then by the brief's due time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Assignment
from content import services, workflow
from tests.content.conftest import CAPTION

pytestmark = pytest.mark.usefixtures("english")


def queue(client, **query) -> list[int]:
    response = client.get("/api/v1/posts/", {"review": "mine", **query})
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def submit(make_user, publish_brief):
    """``submit(code, **brief_fields)``: a post of unit ``code`` for a new brief, submitted."""

    def make(code: str = "33.74", platform: str = "instagram", **brief_fields):
        brief = publish_brief(units=[code], **brief_fields)
        editor = make_user(code, "editor")
        post = services.post_create(
            assignment=brief.assignments.get(satker__code=code),
            by=editor,
            platform=platform,
            caption=CAPTION,
        )
        return workflow.post_submit(post=post, by=editor)

    return make


def due_in(days: int) -> dict:
    starts = timezone.now() - timedelta(days=1)
    return {"starts_at": starts, "due_at": timezone.now() + timedelta(days=days)}


def test_urgent_briefs_come_first_then_the_nearest_due(submit, client_for, province_approver):
    later = submit("33.74", **due_in(9))
    sooner = submit("33.02", **due_in(3))
    urgent = submit("33.74", priority="urgent", deadline_hours=240, **due_in(10))
    urgent_sooner = submit("33.02", priority="urgent", deadline_hours=120, **due_in(5))

    assert queue(client_for(province_approver)) == [
        urgent_sooner.pk,
        urgent.pk,
        sooner.pk,
        later.pk,
    ]


def test_only_posts_routed_to_the_callers_unit(submit, client_for, province_approver, make_user):
    semarang = submit("33.74")
    aceh = submit("11.71")  # no approver in Aceh yet: goes to the centre
    assert queue(client_for(province_approver)) == [semarang.pk]
    assert queue(client_for(make_user("00", "approver"))) == [aceh.pk]
    assert queue(client_for(make_user("11", "approver"))) == []  # routed before it came


def test_posts_not_waiting_for_review_are_not_in_the_queue(post_at, client_for, province_approver):
    platforms = {"draft": "x", "changes_requested": "tiktok", "approved": "facebook"}
    for state in ("draft", "changes_requested", "approved", "published"):
        post_at(state, platform=platforms.get(state, "instagram"))
    assert queue(client_for(province_approver)) == []


def test_a_post_the_approver_wrote_is_not_in_its_queue(brief, tree, make_user, client_for):
    root = Assignment.objects.create(campaign=brief, satker=tree("00"))
    author = make_user("00", "approver")
    post = services.post_create(assignment=root, by=author, platform="x", caption=CAPTION)
    workflow.post_submit(post=post, by=author)
    assert queue(client_for(author)) == []
    assert queue(client_for(make_user("00", "approver"))) == [post.pk]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_people_who_do_not_review_have_an_empty_queue(submit, api_as, province_approver, role):
    submit("33.74")
    assert queue(api_as("33", role)) == []


def test_the_queue_combines_with_other_filters(submit, client_for, province_approver):
    instagram = submit("33.74", platform="instagram")
    submit("33.02", platform="x")
    assert queue(client_for(province_approver), platform="instagram") == [instagram.pk]


def test_an_unknown_review_value_is_400(client_for, province_approver):
    response = client_for(province_approver).get("/api/v1/posts/", {"review": "theirs"})
    assert response.status_code == 400
    assert list(response.json()) == ["review"]


def test_a_decided_post_leaves_the_queue(submit, client_for, province_approver):
    post = submit("33.74")
    client = client_for(province_approver)
    client.post(f"/api/v1/posts/{post.pk}/approve/")
    assert queue(client) == []
