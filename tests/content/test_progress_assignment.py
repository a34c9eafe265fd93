"""An assignment's state follows its posts (content.progress): the furthest any of its
posts has gone; and so the brief's progress counts (campaigns.selectors) move."""

import pytest

from campaigns import services as brief_services
from campaigns.models import Assignment
from campaigns.selectors import campaign_progress
from content import services, workflow

pytestmark = pytest.mark.usefixtures("english")

URL = "https://www.instagram.com/p/kpu-semarang/"


def counts(brief, unit) -> dict:
    progress = campaign_progress(brief, unit).as_dict(with_children=False)
    return {key: progress[key] for key in ("acknowledged", "submitted", "approved", "published")}


def status_of(assignment) -> str:
    return Assignment.objects.get(pk=assignment.pk).status


def test_the_first_post_acknowledges_the_assignment(assignment, write, editor):
    assert (assignment.status, assignment.acknowledged_at) == ("pending", None)
    write()
    assignment.refresh_from_db()
    assert assignment.status == "acknowledged"
    assert assignment.acknowledged_at is not None


def test_an_acknowledged_assignment_keeps_its_first_acknowledgement(assignment, write, editor):
    brief_services.assignment_acknowledge(assignment=assignment, by=editor)
    assignment.refresh_from_db()
    first = assignment.acknowledged_at
    write()
    assignment.refresh_from_db()
    assert (assignment.status, assignment.acknowledged_at) == ("acknowledged", first)


def test_the_assignment_follows_its_post_through_the_review(
    assignment, post, editor, province_approver
):
    post = workflow.post_submit(post=post, by=editor)
    assert status_of(assignment) == "submitted"
    post = workflow.post_request_changes(post=post, by=province_approver, comment="Ubah.")
    assert status_of(assignment) == "acknowledged"  # work for the unit again
    post = services.post_update(post=post, by=editor, version=post.version, fields={})
    post = workflow.post_submit(post=post, by=editor)
    assert status_of(assignment) == "submitted"
    post = workflow.post_approve(post=post, by=province_approver)
    assert status_of(assignment) == "approved"
    workflow.post_publish(post=post, by=editor, url=URL)
    assert status_of(assignment) == "published"


def test_the_furthest_post_sets_the_state(assignment, post_at, write):
    post_at("published", platform="instagram")
    write(platform="x")  # a new draft does not take the assignment back
    assert status_of(assignment) == "published"


def test_deleting_the_only_draft_leaves_the_assignment_acknowledged(assignment, post, editor):
    services.post_delete(post=post, by=editor)
    assert status_of(assignment) == "acknowledged"


def test_the_briefs_progress_counts_move_with_the_posts(
    brief, assignment, post, editor, province_approver, tree, client_for
):
    province, centre = tree("33"), tree("00")
    zero = {"acknowledged": 0, "submitted": 0, "approved": 0, "published": 0}
    # Semarang has a draft: acknowledged; Banyumas (also addressed) has nothing yet.
    assert counts(brief, province) == {**zero, "acknowledged": 1}

    post = workflow.post_submit(post=post, by=editor)
    assert counts(brief, province) == {**zero, "acknowledged": 1, "submitted": 1}

    post = workflow.post_approve(post=post, by=province_approver)
    assert counts(brief, province) == {
        "acknowledged": 1,
        "submitted": 1,
        "approved": 1,
        "published": 0,
    }

    workflow.post_publish(post=post, by=editor, url=URL)
    everything = {"acknowledged": 1, "submitted": 1, "approved": 1, "published": 1}
    assert counts(brief, province) == everything
    assert counts(brief, centre) == everything

    progress = client_for(province_approver).get(f"/api/v1/campaigns/{brief.pk}/progress/").json()
    assert (progress["total"], progress["published"]) == (2, 1)
    semarang = next(row for row in progress["children"] if row["satker"]["code"] == "33.74")
    assert (semarang["total"], semarang["published"]) == (1, 1)


def test_posts_of_one_assignment_do_not_move_another(brief, post_at):
    post_at("published")
    banyumas = brief.assignments.get(satker__code="33.02")
    assert status_of(banyumas) == "pending"
