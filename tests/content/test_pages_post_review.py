"""The approver's side: the queue, the review page with its diff, and the decisions."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from content import services, workflow
from content.models import NeutralityTerm, Post

from .test_pages_support import (  # noqa: F401 - fixtures
    CAPTION,
    assignment_of,
    browser_as_fixture,
    error_summary,
    main_text,
    shown_messages,
    submitted,
)


def queue_titles(response) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)<span', response.content.decode())


def review_url(post) -> str:
    return reverse("post-review", args=[post.pk])


def test_the_queue_lists_the_posts_routed_to_the_unit_urgent_first_then_by_due_time(
    browser_as, tree, make_user
):
    now = timezone.now()
    approver = browser_as("33", "approver")
    semarang, banyumas = make_user("33.74", "editor"), make_user("33.02", "editor")
    later = assignment_of(tree, make_user, title="Later", due_at=now + timedelta(days=9))
    sooner = assignment_of(tree, make_user, "33.02", title="Sooner", due_at=now + timedelta(days=2))
    urgent = assignment_of(
        tree,
        make_user,
        title="Urgent",
        priority="urgent",
        deadline_hours=12,
        due_at=now + timedelta(hours=12),
    )
    submitted(later, semarang)
    submitted(urgent, semarang)
    submitted(sooner, banyumas)
    # Not routed to Jawa Tengah: the province's own post (to the centre), and Aceh's.
    submitted(assignment_of(tree, make_user, "33", title="Province"), make_user("33", "editor"))
    make_user("11", "approver")
    submitted(assignment_of(tree, make_user, "11.71", title="Aceh"), make_user("11.71", "editor"))
    response = approver.get(reverse("review-queue"))
    assert queue_titles(response) == ["Urgent", "Sooner", "Later"]


def test_an_empty_queue_says_so(browser_as, tree):
    text = main_text(browser_as("33", "approver").get(reverse("review-queue")))
    assert "Nothing to review. Posts your units submit appear here." in text


def test_an_editor_has_no_review_queue(browser_as, tree):
    assert browser_as("33.74", "editor").get(reverse("review-queue")).status_code == 403


def test_the_reviewer_sees_neutrality_terms_highlighted(browser_as, tree, make_user):
    NeutralityTerm.objects.create(term="Calon Budi", kind="candidate")
    approver = browser_as("33", "approver")
    post = submitted(
        assignment_of(tree, make_user),
        make_user("33.74", "editor"),
        caption="Dukung calon Budi! " + CAPTION,
    )
    response = approver.get(review_url(post))
    assert '<mark class="flag">calon Budi</mark>' in response.content.decode()
    assert "Calon Budi (Candidate name)" in main_text(response)


def test_a_first_submission_has_nothing_to_compare(browser_as, tree, make_user):
    approver = browser_as("33", "approver")
    post = submitted(assignment_of(tree, make_user), make_user("33.74", "editor"))
    assert "This is the first submission" in main_text(approver.get(review_url(post)))


def test_a_resubmission_shows_the_words_changed_since_the_last_submission(
    browser_as, tree, make_user
):
    approver = browser_as("33", "approver")
    editor = make_user("33.74", "editor")
    post = submitted(assignment_of(tree, make_user), editor, caption="Cek nama <Anda> " + CAPTION)
    workflow.post_request_changes(post=post, by=approver.user, comment="Kurang jelas.")
    post.refresh_from_db()
    post = services.post_update(
        post=post,
        by=editor,
        version=post.version,
        fields={"caption": "Cek nama keluarga " + CAPTION},
    )
    workflow.post_submit(post=post, by=editor)
    page = approver.get(review_url(post)).content.decode()
    assert "Cek nama <del>&lt;Anda&gt; </del><ins>keluarga </ins>Sudah" in page
    assert "Version 1 (submitted before) against version 4" in page


def test_the_routed_approver_approves(browser_as, tree, make_user):
    approver = browser_as("33", "approver")
    post = submitted(assignment_of(tree, make_user), make_user("33.74", "editor"))
    response = approver.post(reverse("post-approve", args=[post.pk]), follow=True)
    assert response.redirect_chain == [(reverse("review-queue"), 302)]
    assert shown_messages(response) == ["Approved. The unit may publish it."]
    assert Post.objects.get(pk=post.pk).status == "approved"


def test_the_routed_approver_requests_changes_with_a_comment(browser_as, tree, make_user):
    approver = browser_as("33", "approver")
    post = submitted(assignment_of(tree, make_user), make_user("33.74", "editor"))
    response = approver.post(
        reverse("post-request-changes", args=[post.pk]),
        {"comment": "Tambahkan tautan cekdptonline."},
        follow=True,
    )
    assert shown_messages(response) == ["Sent back to the unit with your comment."]
    post.refresh_from_db()
    assert (post.status, post.review_comment) == (
        "changes_requested",
        "Tambahkan tautan cekdptonline.",
    )


def test_requesting_changes_needs_a_comment(browser_as, tree, make_user):
    approver = browser_as("33", "approver")
    post = submitted(assignment_of(tree, make_user), make_user("33.74", "editor"))
    response = approver.post(reverse("post-request-changes", args=[post.pk]), {"comment": " "})
    assert response.status_code == 400
    assert "Say what needs to change." in error_summary(response)
    assert Post.objects.get(pk=post.pk).status == "submitted"


def test_only_the_routed_approvers_see_the_decision_buttons(browser_as, tree, make_user):
    make_user("33", "approver")
    post = submitted(assignment_of(tree, make_user), make_user("33.74", "editor"))
    for code, role in [("00", "approver"), ("33", "editor"), ("33.74", "approver")]:
        text = main_text(browser_as(code, role).get(review_url(post)))
        assert "Approve" not in text, (code, role)
        assert "The approvers of KPU Provinsi Jawa Tengah decide on this post." in text
    assert "Approve" in main_text(browser_as("33", "approver").get(review_url(post)))


def test_others_in_scope_may_not_decide(browser_as, tree, make_user):
    make_user("33", "approver")
    post = submitted(assignment_of(tree, make_user), make_user("33.74", "editor"))
    for code, role in [("00", "approver"), ("33", "editor"), ("33.74", "admin")]:
        client = browser_as(code, role)
        assert client.post(reverse("post-approve", args=[post.pk])).status_code == 403
        response = client.post(reverse("post-request-changes", args=[post.pk]), {"comment": "x"})
        assert response.status_code == 403
    assert Post.objects.get(pk=post.pk).status == "submitted"


def test_a_post_outside_the_subtree_is_not_found(browser_as, tree, make_user):
    post = submitted(assignment_of(tree, make_user), make_user("33.74", "editor"))
    for code in ["11", "33.02"]:
        client = browser_as(code, "approver")
        assert client.get(review_url(post)).status_code == 404
        assert client.get(reverse("post-detail", args=[post.pk])).status_code == 404
        assert client.post(reverse("post-approve", args=[post.pk])).status_code == 404


def test_deciding_twice_shows_why_not(browser_as, tree, make_user):
    approver = browser_as("33", "approver")
    post = submitted(assignment_of(tree, make_user), make_user("33.74", "editor"))
    approver.post(reverse("post-approve", args=[post.pk]), follow=True)
    response = approver.post(reverse("post-approve", args=[post.pk]), follow=True)
    assert response.redirect_chain == [(review_url(post), 302)]
    assert shown_messages(response) == ["This post is approved; it cannot be approved now."]


def test_the_menu_offers_approvers_the_queue_with_the_number_waiting(browser_as, tree, make_user):
    approver = browser_as("33", "approver")
    submitted(assignment_of(tree, make_user), make_user("33.74", "editor"))
    page = approver.get("/").content.decode()
    assert re.search(
        rf'<a href="{reverse("review-queue")}">Review queue <span class="nav-count">1<', page
    )
    # Read out as what it counts, not as unread notices.
    assert '1<span class="visually-hidden"> waiting for review</span>' in page
    assert reverse("review-queue") not in browser_as("33", "editor").get("/").content.decode()


def test_a_decision_on_a_version_since_resubmitted_is_refused(browser_as, tree, make_user):
    approver, colleague = browser_as("33", "approver"), make_user("33", "approver")
    editor = make_user("33.74", "editor")
    post = submitted(assignment_of(tree, make_user), editor)
    read = post.version  # the version on the approver's open review page
    post = workflow.post_request_changes(post=post, by=colleague, comment="Kurang jelas.")
    post = services.post_update(
        post=post, by=editor, version=post.version, fields={"caption": CAPTION + " Baru."}
    )
    workflow.post_submit(post=post, by=editor)
    response = approver.post(
        reverse("post-approve", args=[post.pk]), {"version": read}, follow=True
    )
    assert response.redirect_chain == [(review_url(post), 302)]
    assert shown_messages(response)[0].startswith("Someone changed this post since you opened it")
    assert Post.objects.get(pk=post.pk).status == "submitted"


def test_the_posts_history_explains_why_its_version_is_past_its_last_edit(client, post_at, editor):
    post = post_at("approved")  # one edit, then submitted and approved: version 3
    client.force_login(editor)
    client.cookies["django_language"] = "en"
    text = main_text(client.get(reverse("post-detail", args=[post.pk])))
    assert "Version 3" in text
    assert "Version 1 by" in text and "Version 2 by" not in text
    assert "may be past the last edit" in text
