"""The transition table (content.workflow), through the API: every (state, action)
pair. Allowed moves work — one version up, one audit row; every other answers 409
and leaves the post as it was: status, version, revisions, reviews, audit log."""

import itertools

import pytest

from audit.models import AuditEntry
from content import workflow
from content.choices import PostStatus
from content.models import Post, Review
from tests.content.conftest import CAPTION

pytestmark = pytest.mark.usefixtures("english")

STATES = [state.value for state in PostStatus]
ACTIONS = ["submit", "approve", "request_changes", "publish", "edit"]
ALLOWED = {
    ("draft", "submit"): "submitted",
    ("submitted", "approve"): "approved",
    ("submitted", "request_changes"): "changes_requested",
    ("approved", "publish"): "published",
    ("draft", "edit"): "draft",
    ("changes_requested", "edit"): "draft",
}
PAIRS = list(itertools.product(STATES, ACTIONS))


@pytest.fixture
def act(client_for, editor, province_approver):
    """``act(post, action)``: the right person for ``action`` does it through the API."""
    writer, reviewer = client_for(editor), client_for(province_approver)

    def do(post: Post, action: str):
        url = f"/api/v1/posts/{post.pk}/"
        if action == "edit":
            return writer.patch(url, {"caption": CAPTION + " Ayo!", "version": post.version})
        if action == "submit":
            return writer.post(f"{url}submit/")
        if action == "publish":
            return writer.post(f"{url}publish/", {"url": "https://www.instagram.com/p/kpu-9/"})
        if action == "approve":
            return reviewer.post(f"{url}approve/")
        return reviewer.post(f"{url}request-changes/", {"comment": "Perbaiki tagar."})

    return do


def snapshot(post: Post) -> tuple:
    post.refresh_from_db()
    return (
        post.status,
        post.version,
        post.caption,
        post.revisions.count(),
        Review.objects.filter(post=post).count(),
        AuditEntry.objects.count(),
    )


def test_the_table_matches_the_workflow_module():
    moves = {
        (source, action): move.target
        for action, move in workflow.TRANSITIONS.items()
        for source in move.sources
    }
    edits = {(state, "edit"): PostStatus.DRAFT for state in workflow.EDITABLE}
    assert {**moves, **edits} == ALLOWED


@pytest.mark.parametrize(("state", "action"), [pair for pair in PAIRS if pair in ALLOWED])
def test_an_allowed_move_works_with_one_version_up_and_one_audit_row(post_at, act, state, action):
    post = post_at(state)
    status, version, _, revisions, _, audit_rows = snapshot(post)

    response = act(post, action)

    assert response.status_code == 200, response.content
    post.refresh_from_db()
    assert post.status == ALLOWED[(state, action)] == response.json()["status"]
    assert post.version == version + 1 == response.json()["version"]
    assert AuditEntry.objects.count() == audit_rows + 1
    entry = AuditEntry.objects.filter(object_type="content.post", object_id=post.pk).first()
    # An edit of a draft leaves the status as it was, so records no change of it.
    assert entry.changes.get("status", [status, status]) == [status, post.status]
    assert entry.changes["version"] == [version, version + 1]
    assert post.revisions.count() == revisions + (action == "edit")


@pytest.mark.parametrize(("state", "action"), [pair for pair in PAIRS if pair not in ALLOWED])
def test_every_other_move_is_409_and_changes_nothing(post_at, act, state, action):
    post = post_at(state)
    before = snapshot(post)

    response = act(post, action)

    assert response.status_code == 409, response.content
    assert "detail" in response.json()
    assert snapshot(post) == before


def test_an_edit_of_a_post_sent_back_returns_it_to_draft_with_a_revision(post_at, act):
    post = post_at("changes_requested")
    act(post, "edit")
    post.refresh_from_db()
    latest = post.revisions.order_by("-version").first()
    assert (post.status, latest.version, latest.caption) == ("draft", post.version, post.caption)


def test_a_post_goes_round_the_whole_cycle(post_at, act):
    post = post_at("draft")
    for action, status in [
        ("submit", "submitted"),
        ("request_changes", "changes_requested"),
        ("edit", "draft"),
        ("submit", "submitted"),
        ("approve", "approved"),
        ("publish", "published"),
    ]:
        post.refresh_from_db()
        assert act(post, action).json()["status"] == status
    post.refresh_from_db()
    assert post.version == 7
    assert list(Review.objects.filter(post=post).values_list("decision", "version")) == [
        ("approved", 5),
        ("changes_requested", 2),
    ]
    assert post.revisions.filter(submitted=True).count() == 2


def test_a_stale_edit_is_409_and_changes_nothing(post, act, client_for, editor):
    client_for(editor).patch(f"/api/v1/posts/{post.pk}/", {"caption": CAPTION, "version": 1})
    stale = Post.objects.get(pk=post.pk)
    stale.version = 1
    before = snapshot(Post.objects.get(pk=post.pk))
    assert act(stale, "edit").status_code == 409
    assert snapshot(Post.objects.get(pk=post.pk)) == before
