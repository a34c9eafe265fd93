"""Four eyes and routing (DESIGN.md §4): a unit's posts go to its parent's approvers,
up to the next ancestor with an active approver; the root's own to the root's; and
nobody approves a post they wrote. Rights come before states: a non-routed approver
gets 403 whatever the state, the routed one 409 for a wrong state."""

import pytest
from django.core.exceptions import PermissionDenied

from campaigns.models import Assignment
from content import services, workflow
from content.models import Review
from satker.models import User
from tests.content.conftest import CAPTION

pytestmark = pytest.mark.usefixtures("english")


def approve(client, post):
    return client.post(f"/api/v1/posts/{post.pk}/approve/")


def request_changes(client, post):
    return client.post(f"/api/v1/posts/{post.pk}/request-changes/", {"comment": "Ubah."})


@pytest.fixture
def root_assignment(brief, tree):
    """An assignment at the root itself (briefs never address their own unit, but the
    root's posts must still be routed somewhere)."""
    return Assignment.objects.create(campaign=brief, satker=tree("00"))


# --- a regency's post goes to its province ---------------------------------------------------


def test_a_regency_post_is_routed_to_its_province(post, editor, tree, province_approver):
    post = workflow.post_submit(post=post, by=editor)
    assert post.review_unit == tree("33")


@pytest.mark.parametrize("role", ["approver", "admin"])
def test_the_province_approver_approves(api_as, post_at, province_approver, role):
    post = post_at("submitted")
    assert approve(api_as("33", role), post).status_code == 200
    assert Review.objects.get(post=post).decision == "approved"


@pytest.mark.parametrize(
    ("code", "role"),
    [
        ("00", "approver"),  # an ancestor, but not the one routed to
        ("00", "admin"),
        ("33", "viewer"),
        ("33", "editor"),
        ("33.74", "approver"),  # the post's own unit reviewing itself
        ("33.74", "admin"),
    ],
)
@pytest.mark.parametrize("decide", [approve, request_changes])
def test_anyone_but_the_routed_approvers_gets_403(api_as, post_at, code, role, decide):
    post = post_at("submitted")
    response = decide(api_as(code, role), post)
    assert response.status_code == 403
    post.refresh_from_db()
    assert (post.status, post.version) == ("submitted", 2)
    assert not Review.objects.exists()


@pytest.mark.parametrize("code", ["33.02", "11", "11.71"])
def test_approvers_outside_the_subtree_get_404(api_as, post_at, code):
    post = post_at("submitted")
    assert approve(api_as(code, "approver"), post).status_code == 404


# --- escalation --------------------------------------------------------------------------


def test_with_no_active_province_approver_the_post_reaches_the_centre(
    post, editor, tree, make_user, api_as
):
    make_user("33", "approver", is_active=False)
    make_user("33", "editor")  # not an approver: does not count
    national = make_user("00", "approver")

    post = workflow.post_submit(post=post, by=editor)

    assert post.review_unit == tree("00")
    assert workflow.post_approve(post=post, by=national).status == "approved"


def test_the_provinces_inactive_approver_cannot_decide_an_escalated_post(post, editor, make_user):
    inactive = make_user("33", "approver", is_active=False)
    make_user("00", "approver")
    post = workflow.post_submit(post=post, by=editor)
    with pytest.raises(PermissionDenied):
        workflow.post_approve(post=post, by=inactive)
    post.refresh_from_db()
    assert post.status == "submitted"


def test_an_escalated_post_is_not_the_provinces_to_decide(post, editor, make_user, api_as):
    make_user("00", "approver")
    post = workflow.post_submit(post=post, by=editor)
    make_user("33", "approver")  # appointed after the submission: the route stays
    assert approve(api_as("33", "approver"), post).status_code == 403
    assert approve(api_as("00", "approver"), post).status_code == 200


def test_with_no_active_approver_anywhere_above_submitting_is_409(post, client_for, editor):
    User.objects.filter(role__in=["approver", "admin"]).update(is_active=False)
    response = client_for(editor).post(f"/api/v1/posts/{post.pk}/submit/")
    assert response.status_code == 409
    assert "active approver" in response.json()["detail"]
    post.refresh_from_db()
    assert (post.status, post.version, post.review_unit) == ("draft", 1, None)


# --- the root's own posts -----------------------------------------------------------------


def test_the_roots_own_posts_are_reviewed_by_the_roots_approvers(root_assignment, make_user, tree):
    author = make_user("00", "editor")
    reviewer = make_user("00", "approver")
    post = services.post_create(
        assignment=root_assignment, by=author, platform="x", caption=CAPTION
    )
    post = workflow.post_submit(post=post, by=author)
    assert post.review_unit == tree("00")
    assert workflow.post_approve(post=post, by=reviewer).status == "approved"


# --- four eyes --------------------------------------------------------------------------------


def test_the_author_cannot_approve_even_as_a_routed_approver(
    root_assignment, make_user, client_for
):
    author = make_user("00", "approver")
    post = services.post_create(
        assignment=root_assignment, by=author, platform="x", caption=CAPTION
    )
    post = workflow.post_submit(post=post, by=author)

    response = approve(client_for(author), post)

    assert response.status_code == 403
    assert "Four eyes" in response.json()["detail"]
    assert approve(client_for(make_user("00", "approver")), post).status_code == 200


def test_whoever_wrote_a_revision_cannot_approve(root_assignment, make_user, client_for):
    author = make_user("00", "editor")
    co_writer = make_user("00", "approver")
    post = services.post_create(
        assignment=root_assignment, by=author, platform="x", caption=CAPTION
    )
    post = services.post_update(
        post=post, by=co_writer, version=1, fields={"caption": CAPTION + " Ayo!"}
    )
    post = workflow.post_submit(post=post, by=author)

    for decide in (approve, request_changes):
        assert decide(client_for(co_writer), post).status_code == 403
    assert not workflow.may_review(post, co_writer)
    assert approve(client_for(make_user("00", "approver")), post).status_code == 200


# --- rights before states -------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "changes_requested", "approved", "published"])
def test_the_routed_approver_gets_409_for_a_wrong_state(
    client_for, post_at, province_approver, state
):
    post = post_at(state)
    assert approve(client_for(province_approver), post).status_code == 409


@pytest.mark.parametrize("state", ["draft", "submitted", "approved"])
def test_a_non_routed_approver_gets_403_whatever_the_state(api_as, post_at, state):
    post = post_at(state)
    assert approve(api_as("00", "approver"), post).status_code == 403
