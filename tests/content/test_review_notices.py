"""Notices of the review workflow: reviewers hear that a post waits for them, its
author hears the decision; in the inbox and by e-mail, each once."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import Notification
from campaigns.notifications import notice_text, notice_url
from content import services, workflow
from tests.factories import edit_person

pytestmark = pytest.mark.usefixtures("english")


def notices_of(person) -> list[tuple[str, str, str]]:
    """(kind, subject, link) of each notice ``person`` has, oldest first."""
    return [
        (notice.kind, notice_text(notice)[0], notice_url(notice))
        for notice in Notification.objects.filter(recipient=person).order_by("pk")
    ]


def test_a_submitted_post_tells_the_routed_approvers_and_nobody_else(
    post_at, province_approver, make_user
):
    second_approver = make_user("33", "approver")
    away = make_user("33", "approver", is_active=False)
    province_editor = make_user("33", "editor")
    centre_approver = make_user("00", "approver")
    post = post_at("submitted")
    title = post.assignment.campaign.title
    for approver in (province_approver, second_approver):
        assert notices_of(approver) == [
            (
                "review",
                f"Post to review from KPU Kota Semarang: {title}",
                reverse("post-review", args=[post.pk]),
            )
        ]
    for person in (away, province_editor, centre_approver):
        assert notices_of(person) == []


def test_the_notice_names_the_unit_platform_and_brief(post_at, province_approver):
    post = post_at("submitted", platform="tiktok")
    notice = Notification.objects.get(recipient=province_approver)
    body = notice_text(notice)[1]
    assert body.startswith(
        f"KPU Kota Semarang has submitted its TikTok post for “{post.assignment.campaign.title}”"
    )


def test_changes_requested_tell_the_author_with_the_comment(post_at, editor):
    post = post_at("changes_requested")  # the comment is "Tambahkan tautan."
    [(kind, subject, link)] = notices_of(editor)
    assert (kind, link) == ("changes", reverse("post-detail", args=[post.pk]))
    assert subject == f"Changes requested: {post.assignment.campaign.title}"
    body = notice_text(Notification.objects.get(recipient=editor))[1]
    assert body.startswith("KPU Provinsi Jawa Tengah asks for changes to your Instagram post")
    assert body.endswith(": Tambahkan tautan.")


def test_an_approval_tells_the_author(post_at, editor):
    post = post_at("approved")
    assert notices_of(editor) == [
        (
            "approved",
            f"Post approved: {post.assignment.campaign.title}",
            reverse("post-detail", args=[post.pk]),
        )
    ]


def test_a_post_submitted_again_after_changes_is_announced_again(
    post_at, editor, province_approver
):
    post = post_at("changes_requested")
    post = services.post_update(
        post=post, by=editor, version=post.version, fields={"caption": f"{post.caption} Cek!"}
    )
    workflow.post_submit(post=post, by=editor)
    assert [kind for kind, _, _ in notices_of(province_approver)] == ["review", "review"]


def test_an_approver_who_wrote_the_post_is_not_told_to_review_it(
    post_at, editor, province_approver, make_user, tree
):
    post = post_at("changes_requested")  # written by Semarang's editor
    edit_person(make_user("00", "admin"), editor, unit=tree("33"), role="approver")
    colleague = make_user("33.74", "editor")
    post = services.post_update(
        post=post, by=colleague, version=post.version, fields={"caption": f"{post.caption} Cek!"}
    )
    workflow.post_submit(post=post, by=colleague)
    assert [kind for kind, _, _ in notices_of(province_approver)] == ["review", "review"]
    assert [kind for kind, _, _ in notices_of(editor)] == ["changes"]


def test_a_rerouted_review_tells_the_new_reviewers(post_at, province_approver, make_user, tree):
    centre_admin = make_user("00", "admin")
    post = post_at("submitted")
    edit_person(centre_admin, province_approver, is_active=False)
    assert notices_of(centre_admin) == [
        (
            "review",
            f"Post to review from KPU Kota Semarang: {post.assignment.campaign.title}",
            reverse("post-review", args=[post.pk]),
        )
    ]


def test_the_reviewers_are_emailed_once_the_submission_commits(
    post_at, province_approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = post_at("submitted")
    [message] = [m for m in mail.outbox if province_approver.email in m.to]
    title = post.assignment.campaign.title
    assert message.subject == f"Post to review from KPU Kota Semarang: {title}"
    notice = Notification.objects.get(recipient=province_approver)
    assert message.body.rstrip().endswith(reverse("notification-open", args=[notice.pk]))


def test_a_phones_folded_menu_counts_the_review_and_its_notice(post_at, province_approver, client):
    post_at("submitted")
    client.force_login(province_approver)
    page = client.get(reverse("review-queue")).content.decode()
    summary = re.search(r'<details class="nav-fold">\s*<summary>(.*?)</summary>', page, re.S)
    assert re.sub(r"<[^>]+>", "", summary.group(1)) == "Menu: Review queue 2 waiting"
