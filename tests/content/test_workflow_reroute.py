"""A review waiting at a unit whose last active approver leaves (deactivated, role
lowered, moved away, deleted) moves up to the next unit with an active approver
(DESIGN.md §4: the review escalates); while one approver remains, nothing moves."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEntry
from content import workflow
from satker.models import User
from tests.factories import edit_person

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def centre_admin(make_user):
    """An admin at the centre: manages everybody, and is the centre's active approver."""
    return make_user("00", "admin")


def leave(actor, person, tree, **change):
    """``person`` changed by ``actor`` through the portal's service (a unit by code)."""
    if isinstance(change.get("unit"), str):
        change["unit"] = tree(change["unit"])
    return edit_person(actor, person, **change)


@pytest.mark.parametrize(
    "change", [{"is_active": False}, {"role": "editor"}, {"unit": "11"}], ids=str
)
def test_a_review_left_without_approvers_moves_up_to_the_centre(
    post_at, province_approver, centre_admin, tree, change
):
    waiting = post_at("submitted")
    assert waiting.review_unit == tree("33")

    leave(centre_admin, province_approver, tree, **change)

    waiting.refresh_from_db()
    assert waiting.review_unit == tree("00")
    assert list(workflow.review_queue(centre_admin)) == [waiting]
    entry = AuditEntry.objects.get(action="reroute", object_id=waiting.pk)
    assert entry.actor == centre_admin
    assert entry.changes == {
        "review_unit": ["33 KPU Provinsi Jawa Tengah", "00 KPU Republik Indonesia"]
    }


def test_the_centre_may_then_decide_the_moved_review(
    post_at, province_approver, centre_admin, tree
):
    waiting = post_at("submitted")
    leave(centre_admin, province_approver, tree, is_active=False)
    waiting.refresh_from_db()
    assert workflow.post_approve(post=waiting, by=centre_admin).status == "approved"


def test_while_another_approver_remains_the_review_stays(
    post_at, province_approver, centre_admin, make_user, tree
):
    waiting = post_at("submitted")
    make_user("33", "approver")
    leave(centre_admin, province_approver, tree, is_active=False)
    waiting.refresh_from_db()
    assert waiting.review_unit == tree("33")
    assert not AuditEntry.objects.filter(action="reroute").exists()


def test_decided_posts_keep_the_unit_that_reviewed_them(
    post_at, province_approver, centre_admin, tree
):
    approved = post_at("approved")
    leave(centre_admin, province_approver, tree, is_active=False)
    approved.refresh_from_db()
    assert approved.review_unit == tree("33")


def test_with_nobody_above_the_review_stays_where_it_was(
    post_at, province_approver, centre_admin, tree
):
    waiting = post_at("submitted")
    leave(centre_admin, province_approver, tree, is_active=False)  # moves to the centre
    User.objects.filter(pk=centre_admin.pk).update(is_active=False)
    assert workflow.posts_reroute([tree("00").pk]) == 0
    waiting.refresh_from_db()
    assert waiting.review_unit == tree("00")


def test_a_command_that_moves_the_last_approver_moves_the_reviews(
    post_at, province_approver, centre_admin, tree
):
    waiting = post_at("submitted")
    call_command("add_user", province_approver.username, "--unit", "33", "--role", "viewer")
    waiting.refresh_from_db()
    assert waiting.review_unit == tree("00")


@pytest.mark.parametrize("how", ["edit", "delete"])
def test_the_admin_site_moves_the_reviews_too(
    post_at, province_approver, centre_admin, make_user, tree, how
):
    waiting = post_at("submitted")
    # A second province approver, wrote nothing: the admin site may delete that one.
    leaving = make_user("33", "approver")
    User.objects.filter(pk=province_approver.pk).update(is_active=False)
    request = RequestFactory().post("/admin/")
    request.user = centre_admin
    model_admin = admin.site._registry[User]
    if how == "edit":
        leaving.is_active = False
        model_admin.save_model(request, leaving, form=None, change=True)
    else:
        model_admin.delete_model(request, leaving)
    waiting.refresh_from_db()
    assert waiting.review_unit == tree("00")


def test_the_audit_log_says_where_the_review_went(
    post_at, province_approver, centre_admin, tree, client
):
    post_at("submitted")
    leave(centre_admin, province_approver, tree, is_active=False)
    client.force_login(centre_admin)
    page = client.get(reverse("audit-list"), {"action": "reroute"}).content.decode()
    assert "Review moved up" in page
    assert "Reviewed by" in page
    assert "KPU Provinsi Jawa Tengah" in page and "KPU Republik Indonesia" in page
