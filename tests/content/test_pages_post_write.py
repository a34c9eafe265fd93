"""Writing a post in the browser: create, edit (with its version), submit."""

import re

from django.urls import reverse

from content import services
from content.models import Post

from .test_pages_support import (  # noqa: F401 - fixtures
    CAPTION,
    assignment_of,
    browser_as_fixture,
    draft,
    error_summary,
    main_text,
    shown_messages,
)


def create_url(assignment) -> str:
    return reverse("post-create", args=[assignment.pk])


def post_form(**overrides) -> dict:
    data = {"platform": "instagram", "language": "id", "caption": CAPTION, "planned_at": ""}
    data.update(overrides)
    return data


def test_the_brief_page_offers_write_posts_to_the_units_editor(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    response = browser_as("33.74", "editor").get(
        reverse("brief-detail", args=[assignment.campaign_id])
    )
    assert f'href="{create_url(assignment)}"' in response.content.decode()
    assert "Write posts" in main_text(response)


def test_a_viewer_is_not_offered_write_posts(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    response = browser_as("33.74", "viewer").get(
        reverse("brief-detail", args=[assignment.campaign_id])
    )
    assert "Write posts" not in main_text(response)


def test_the_form_offers_only_the_briefs_platforms_not_yet_used(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    client = browser_as("33.74", "editor")
    draft(assignment, client.user, platform="instagram")
    page = client.get(create_url(assignment)).content.decode()
    offered = re.findall(
        r'<option value="([a-z]+)"', page.split('name="platform"')[1].split("</select>")[0]
    )
    assert offered == ["x"]


def test_an_editor_creates_a_draft_post(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    client = browser_as("33.74", "editor")
    response = client.post(create_url(assignment), post_form(), follow=True)
    post = Post.objects.get(assignment=assignment)
    assert response.redirect_chain == [(reverse("post-detail", args=[post.pk]), 302)]
    assert (post.platform, post.status, post.caption) == ("instagram", "draft", CAPTION)
    assert shown_messages(response) == ["The draft is saved. Submit it when it is ready."]


def test_a_post_missing_a_required_hashtag_is_not_saved(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    response = browser_as("33.74", "editor").post(
        create_url(assignment), post_form(caption="Cek DPT Anda #PemiluDamai")
    )
    assert response.status_code == 400
    assert "The brief requires these hashtags: #CekDPT." in error_summary(response)
    assert not Post.objects.exists()


def test_the_editor_of_another_unit_may_not_write_the_assignments_posts(
    browser_as, tree, make_user
):
    assignment = assignment_of(tree, make_user)
    response = browser_as("33", "editor").post(create_url(assignment), post_form())
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_an_assignment_outside_the_subtree_is_not_found(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    assert browser_as("33.02", "editor").get(create_url(assignment)).status_code == 404


def test_an_editor_edits_a_draft_from_its_version(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    client = browser_as("33.74", "editor")
    post = draft(assignment, client.user)
    response = client.post(
        reverse("post-edit", args=[post.pk]),
        {"language": "jv", "caption": CAPTION + " Ayo!", "planned_at": "", "version": post.version},
        follow=True,
    )
    assert shown_messages(response) == ["Your changes are saved."]
    post.refresh_from_db()
    assert (post.language, post.caption, post.version) == ("jv", CAPTION + " Ayo!", 2)


def test_a_stale_edit_says_so_and_shows_the_current_text(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    client = browser_as("33.74", "editor")
    post = draft(assignment, client.user)
    client.post(
        reverse("post-edit", args=[post.pk]),
        {"language": "id", "caption": CAPTION + " Kabar terbaru.", "version": 1},
    )
    response = client.post(
        reverse("post-edit", args=[post.pk]),
        {"language": "id", "caption": CAPTION + " Versi saya.", "version": 1},
    )
    assert response.status_code == 409
    text = main_text(response)
    assert "Someone changed this post since you opened it (now version 2, yours 1)" in text
    page = response.content.decode()
    assert "Kabar terbaru." in page.split('name="caption"')[1].split("</textarea>")[0]
    assert 'name="version" value="2"' in page
    assert "Your text that was not saved" in text and "Versi saya." in text
    post.refresh_from_db()
    assert post.caption == CAPTION + " Kabar terbaru."


def test_an_editor_submits_a_draft(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    make_user("33", "approver")
    client = browser_as("33.74", "editor")
    post = draft(assignment, client.user)
    response = client.post(reverse("post-submit", args=[post.pk]), follow=True)
    assert shown_messages(response) == ["Submitted for review by KPU Provinsi Jawa Tengah."]
    assert "Waiting for review by KPU Provinsi Jawa Tengah." in main_text(response)
    post.refresh_from_db()
    assert post.status == "submitted"


def test_submitting_twice_shows_why_not(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    client = browser_as("33.74", "editor")
    post = draft(assignment, client.user)
    client.post(reverse("post-submit", args=[post.pk]), follow=True)
    response = client.post(reverse("post-submit", args=[post.pk]), follow=True)
    assert shown_messages(response) == ["This post is submitted; it cannot be submitted now."]


def test_a_viewer_may_not_submit(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    post = draft(assignment, make_user("33.74", "editor"))
    response = browser_as("33.74", "viewer").post(reverse("post-submit", args=[post.pk]))
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == "draft"


def test_a_submitted_post_cannot_be_opened_for_editing(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    client = browser_as("33.74", "editor")
    post = draft(assignment, client.user)
    client.post(reverse("post-submit", args=[post.pk]), follow=True)
    response = client.get(reverse("post-edit", args=[post.pk]), follow=True)
    assert response.redirect_chain == [(reverse("post-detail", args=[post.pk]), 302)]
    assert shown_messages(response) == ["A post that is submitted cannot be edited."]


def test_a_post_that_no_longer_meets_the_brief_is_not_submitted(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    client = browser_as("33.74", "editor")
    post = draft(assignment, client.user)
    type(assignment.campaign).objects.filter(pk=assignment.campaign_id).update(
        hashtags=["#PemiluDamai", "#CekDPT", "#TemanPemilih"]
    )
    response = client.post(reverse("post-submit", args=[post.pk]), follow=True)
    assert shown_messages(response) == [
        "Not submitted: The brief requires these hashtags: #TemanPemilih. "
        "Edit the post, then submit it."
    ]
    assert Post.objects.get(pk=post.pk).status == "draft"


def test_an_editor_deletes_a_draft(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    client = browser_as("33.74", "editor")
    post = draft(assignment, client.user)
    response = client.post(reverse("post-delete", args=[post.pk]), follow=True)
    assert response.redirect_chain == [
        (reverse("brief-detail", args=[assignment.campaign_id]), 302)
    ]
    assert shown_messages(response) == ["The draft is deleted."]
    assert not Post.objects.exists()


def test_the_reviewers_request_stays_in_sight_while_the_post_is_reworked(client, post_at, editor):
    post = post_at("changes_requested")  # "Tambahkan tautan."
    post = services.post_update(
        post=post, by=editor, version=post.version, fields={"caption": post.caption + " Ayo!"}
    )
    assert post.status == "draft"  # edited after the request: a draft again
    client.force_login(editor)
    for name in ("post-edit", "post-detail"):
        assert "Tambahkan tautan." in main_text(client.get(reverse(name, args=[post.pk])))
