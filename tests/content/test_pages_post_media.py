"""Images on a post: alt text required, thumbnails shown with it, files served in scope only."""

import pytest
from django.urls import reverse

from content import services

from .test_pages_support import (  # noqa: F401 - fixtures
    assignment_of,
    browser_as_fixture,
    draft,
    error_summary,
    main_text,
    media_root_fixture,
    png,
    shown_messages,
)

pytestmark = pytest.mark.usefixtures("media_root")


def upload_url(post) -> str:
    return reverse("post-media-upload", args=[post.pk])


def test_an_image_needs_alt_text(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    post = draft(assignment_of(tree, make_user), client.user)
    response = client.post(upload_url(post), {"file": png(), "alt_text": "", "version": 1})
    assert response.status_code == 400
    assert "Describe the image for people who cannot see it." in error_summary(response)
    assert not post.media.exists()


def test_an_uploaded_image_shows_as_a_thumbnail_with_its_alt_text(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    post = draft(assignment_of(tree, make_user), client.user)
    response = client.post(
        upload_url(post),
        {"file": png(), "alt_text": "Poster ajakan cek DPT", "version": 1},
        follow=True,
    )
    assert shown_messages(response) == ["The image is attached."]
    media = post.media.get()
    thumbnail = reverse("post-media-thumbnail", args=[post.pk, media.pk])
    page = response.content.decode()
    assert f'<img src="{thumbnail}" alt="Poster ajakan cek DPT"' in page
    assert "Alt text: Poster ajakan cek DPT" in main_text(response)
    served = client.get(thumbnail)
    assert (served.status_code, served["Content-Type"]) == (200, "image/webp")


def test_an_upload_from_an_old_version_is_refused(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    post = draft(assignment_of(tree, make_user), client.user)
    services.post_update(post=post, by=client.user, version=1, fields={"language": "jv"})
    response = client.post(
        upload_url(post), {"file": png(), "alt_text": "Poster", "version": 1}, follow=True
    )
    assert "Someone changed this post since you opened it" in shown_messages(response)[0]
    assert not post.media.exists()


def test_media_files_are_not_found_outside_the_subtree(browser_as, tree, make_user):
    editor = make_user("33.74", "editor")
    post = draft(assignment_of(tree, make_user), editor)
    media = services.media_add(
        post=post, by=editor, upload=png(), alt_text="Poster", version=post.version
    )
    for name in ["post-media", "post-media-thumbnail"]:
        url = reverse(name, args=[post.pk, media.pk])
        assert browser_as("33", "viewer").get(url).status_code == 200
        assert browser_as("33.02", "admin").get(url).status_code == 404
        assert browser_as("11", "admin").get(url).status_code == 404
    wrong_post = reverse("post-media", args=[post.pk + 1, media.pk])
    assert browser_as("33.74", "viewer").get(wrong_post).status_code == 404


def test_only_the_units_editors_attach_images(browser_as, tree, make_user):
    post = draft(assignment_of(tree, make_user), make_user("33.74", "editor"))
    response = browser_as("33.74", "viewer").post(
        upload_url(post), {"file": png(), "alt_text": "Poster", "version": 1}
    )
    assert response.status_code == 403
    assert not post.media.exists()


def test_an_editor_removes_an_image(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    post = draft(assignment_of(tree, make_user), client.user)
    media = services.media_add(
        post=post, by=client.user, upload=png(), alt_text="Poster", version=post.version
    )
    response = client.post(
        reverse("post-media-remove", args=[post.pk, media.pk]), {"version": 2}, follow=True
    )
    assert shown_messages(response) == ["The image is removed."]
    assert not post.media.exists()
