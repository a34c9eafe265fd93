"""The editor's side after review: the reviewer's comment, and recording the publication."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from content import workflow
from content.models import Post
from tests.campaigns.test_pages_support import local

from .test_pages_support import (  # noqa: F401 - fixtures
    assignment_of,
    browser_as_fixture,
    error_summary,
    main_text,
    shown_messages,
    submitted,
)


def approved(tree, make_user, editor) -> Post:
    approver = make_user("33", "approver")
    post = submitted(assignment_of(tree, make_user), editor)
    return workflow.post_approve(post=post, by=approver)


def test_the_editor_sees_the_reviewers_comment_on_the_post_and_the_brief(
    browser_as, tree, make_user
):
    client = browser_as("33.74", "editor")
    approver = make_user("33", "approver")
    post = submitted(assignment_of(tree, make_user), client.user)
    workflow.post_request_changes(post=post, by=approver, comment="Sebutkan tanggal pencoblosan.")
    on_post = main_text(client.get(reverse("post-detail", args=[post.pk])))
    assert "Changes requested" in on_post and "Sebutkan tanggal pencoblosan." in on_post
    on_brief = main_text(client.get(reverse("brief-detail", args=[post.assignment.campaign_id])))
    assert "Instagram Changes requested" in on_brief
    assert "Sebutkan tanggal pencoblosan." in on_brief


def test_the_editor_records_the_publication(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    post = approved(tree, make_user, client.user)
    Campaign.objects.filter(pk=post.assignment.campaign_id).update(
        published_at=timezone.now() - timedelta(days=1)
    )
    when = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    response = client.post(
        reverse("post-publish", args=[post.pk]),
        {"url": "https://instagram.com/p/kpusemarang1", "published_at": local(when)},
        follow=True,
    )
    assert shown_messages(response) == ["The publication is recorded."]
    post.refresh_from_db()
    assert (post.status, post.url, post.published_at) == (
        "published",
        "https://instagram.com/p/kpusemarang1",
        when,
    )
    assert "https://instagram.com/p/kpusemarang1" in main_text(response)


def test_a_publication_needs_a_web_address(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    post = approved(tree, make_user, client.user)
    response = client.post(reverse("post-publish", args=[post.pk]), {"url": "instagram"})
    assert response.status_code == 400
    assert "Give the post's full address, starting https://." in error_summary(response)
    assert Post.objects.get(pk=post.pk).status == "approved"


def test_only_the_units_editors_record_the_publication(browser_as, tree, make_user):
    post = approved(tree, make_user, make_user("33.74", "editor"))
    for code, role in [("33.74", "viewer"), ("33", "approver")]:
        response = browser_as(code, role).post(
            reverse("post-publish", args=[post.pk]), {"url": "https://x.com/kpu/1"}
        )
        assert response.status_code == 403
    assert Post.objects.get(pk=post.pk).status == "approved"


def test_a_draft_cannot_be_recorded_as_published(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    post = submitted(assignment_of(tree, make_user), client.user)
    response = client.post(
        reverse("post-publish", args=[post.pk]), {"url": "https://x.com/kpu/1"}, follow=True
    )
    assert shown_messages(response) == [
        "This post is submitted; it cannot be recorded as published now."
    ]
