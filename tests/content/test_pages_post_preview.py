"""The per-platform counter and preview: on every page load, on the Preview button
(no JavaScript), and as a fragment for HTMX."""

import re

from django.urls import reverse

from content.models import NeutralityTerm, Post

from .test_pages_support import (  # noqa: F401 - fixtures
    CAPTION,
    assignment_of,
    browser_as_fixture,
    draft,
    seen,
)


def preview_text(response) -> str:
    """The visible text of the preview section (the whole fragment for HTMX)."""
    page = response.content.decode()
    match = re.search(r'<section id="post-preview".*?</section>', page, flags=re.S)
    fragment = match.group(0) if match else page
    return seen(type("Page", (), {"content": fragment.encode()}))


def test_the_edit_page_counts_the_saved_caption_against_the_platforms_limit(
    browser_as, tree, make_user
):
    assignment = assignment_of(tree, make_user)
    client = browser_as("33.74", "editor")
    post = draft(assignment, client.user, platform="x")
    text = preview_text(client.get(reverse("post-edit", args=[post.pk])))
    assert f"Caption: {len(CAPTION)}/280 characters" in text
    assert "Preview: X" in text


def test_the_preview_button_counts_without_saving(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    long_caption = "a" * 290 + " #PemiluDamai #CekDPT"
    response = browser_as("33.74", "editor").post(
        reverse("post-create", args=[assignment.pk]),
        {"platform": "x", "language": "id", "caption": long_caption, "preview": "1"},
    )
    assert response.status_code == 200
    assert "Caption: 311/280 characters 31 too many" in preview_text(response)
    assert 'class="counter is-over"' in response.content.decode()
    assert not Post.objects.exists()


def test_htmx_gets_only_the_preview_fragment(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    response = browser_as("33.74", "editor").post(
        reverse("post-preview", args=[assignment.pk]),
        {"platform": "instagram", "caption": "Halo #CekDPT #A #B"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "<html" not in page and "<h2>Preview: Instagram</h2>" in page
    assert "Caption: 18/2200 characters" in seen(response)
    assert "Hashtags: 3/30" in seen(response)


def test_the_preview_endpoint_without_htmx_answers_a_whole_page(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    response = browser_as("33.74", "editor").post(
        reverse("post-preview", args=[assignment.pk]),
        {"platform": "instagram", "caption": "Halo #CekDPT"},
    )
    assert "<html" in response.content.decode()
    assert "Caption: 12/2200 characters" in preview_text(response)


def test_a_youtube_preview_counts_the_title_too(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user, platforms=["youtube"])
    response = browser_as("33.74", "editor").post(
        reverse("post-preview", args=[assignment.pk]),
        {"platform": "youtube", "title": "Cek DPT", "caption": CAPTION},
        headers={"HX-Request": "true"},
    )
    assert "Video title: 7/100 characters" in seen(response)
    assert f"Caption: {len(CAPTION)}/5000 characters" in seen(response)


def test_a_missing_required_hashtag_is_named(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    response = browser_as("33.74", "editor").post(
        reverse("post-preview", args=[assignment.pk]),
        {"platform": "instagram", "caption": "Cek DPT #pemiludamai"},
        headers={"HX-Request": "true"},
    )
    assert "Required hashtags missing: #CekDPT" in seen(response)


def test_neutrality_terms_are_marked_in_the_preview(browser_as, tree, make_user):
    NeutralityTerm.objects.create(term="Partai Merdeka", kind="party")
    assignment = assignment_of(tree, make_user)
    response = browser_as("33.74", "editor").post(
        reverse("post-preview", args=[assignment.pk]),
        {"platform": "instagram", "caption": "Pilih <b>partai merdeka</b>! #CekDPT"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert 'Pilih &lt;b&gt;<mark class="flag">partai merdeka</mark>&lt;/b&gt;!' in page
    assert "Partai Merdeka (Party name)" in seen(response)


def test_only_the_units_editors_may_preview(browser_as, tree, make_user):
    assignment = assignment_of(tree, make_user)
    url = reverse("post-preview", args=[assignment.pk])
    assert browser_as("33.74", "viewer").post(url, {"caption": "x"}).status_code == 403
    assert browser_as("11", "editor").post(url, {"caption": "x"}).status_code == 404
