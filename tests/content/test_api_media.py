"""POST /api/v1/posts/{id}/media/ (multipart ``file``, ``alt_text``, ``version``) and
DELETE .../media/{media_id}/: images through the shared upload pipeline. Bad files
are refused with a message naming them, metadata is stripped, and nothing is ever
half-stored: no row, no file under MEDIA_ROOT."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from content import services, workflow
from content.models import PostMedia
from tests.campaigns.test_assets_support import (
    HTML,
    declared_size_png,
    files_under,
    jpeg_with_gps,
    opened,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.usefixtures("english", "media_root")

FIELDS = {
    "id",
    "alt_text",
    "url",
    "thumbnail_url",
    "original_name",
    "content_type",
    "size",
    "width",
    "height",
}


@pytest.fixture
def editor_api(client_for, editor):
    return client_for(editor)


def send(client, post, name="kpps.jpg", content=None, alt_text="Petugas KPPS", version=1):
    """Upload ``content`` (a JPEG with GPS EXIF unless told; no file when False)."""
    data = {}
    if content is not False:
        data["file"] = upload(name, jpeg_with_gps() if content is None else content)
    if alt_text is not None:
        data["alt_text"] = alt_text
    if version is not None:
        data["version"] = version
    return client.post(f"/api/v1/posts/{post.pk}/media/", data, format="multipart")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def assert_nothing_stored(post, media_root, version=1):
    assert not PostMedia.objects.exists()
    assert files_under(media_root) == []
    post.refresh_from_db()
    assert post.version == version


# --- a good image ----------------------------------------------------------------------------


def test_an_image_is_added_with_201_and_the_post_moves_a_version(editor_api, post, media_root):
    response = send(editor_api, post)

    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == FIELDS
    media = PostMedia.objects.get()
    assert (data["id"], data["alt_text"], data["original_name"]) == (
        media.pk,
        "Petugas KPPS",
        "kpps.jpg",
    )
    assert data["url"].endswith(f"/api/v1/posts/{post.pk}/media/{media.pk}/file/")
    assert data["thumbnail_url"].endswith(f"/api/v1/posts/{post.pk}/media/{media.pk}/thumbnail/")
    assert (data["width"], data["height"]) == (40, 20)
    post.refresh_from_db()
    assert (post.status, post.version) == ("draft", 2)
    assert post.revisions.get(version=2).media == [
        {"id": media.pk, "name": "kpps.jpg", "alt_text": "Petugas KPPS"}
    ]
    assert len(files_under(media_root)) == 2  # the image and its thumbnail


def test_the_post_lists_its_media(editor_api, post):
    send(editor_api, post)
    media = editor_api.get(f"/api/v1/posts/{post.pk}/").json()["media"]
    assert [item["alt_text"] for item in media] == ["Petugas KPPS"]
    assert set(media[0]) == FIELDS


def test_gps_exif_is_stripped_from_what_is_stored_and_served(editor_api, post):
    data = send(editor_api, post).json()
    served = body(editor_api.get(data["url"]))
    assert not opened(served).getexif()
    assert b"Canon" not in served
    assert not opened(PostMedia.objects.get().file.read()).getexif()


def test_a_png_carrying_html_is_stored_without_it(editor_api, post):
    response = send(editor_api, post, name="poster.png", content=png_bytes() + HTML)
    assert response.status_code == 201
    stored = PostMedia.objects.get().file.read()
    assert b"<script" not in stored and b"<html" not in stored
    assert response.json()["content_type"] == "image/png"


def test_an_image_of_a_post_sent_back_makes_it_a_draft(client_for, editor, post_at, media_root):
    post = post_at("changes_requested")
    response = send(client_for(editor), post, version=post.version)
    assert response.status_code == 201
    post.refresh_from_db()
    assert post.status == "draft"


# --- refused, naming the file, storing nothing ----------------------------------------------


def test_a_decompression_bomb_is_refused_quickly_and_stores_nothing(editor_api, post, media_root):
    started = time.monotonic()
    response = send(editor_api, post, name="bom.png", content=declared_size_png(60_000, 60_000))
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert "bom.png" in response.json()["file"][0]
    assert "pixels" in response.json()["file"][0]
    assert_nothing_stored(post, media_root)


def test_a_text_file_named_jpg_is_refused(editor_api, post, media_root):
    response = send(editor_api, post, name="foto.jpg", content=b"bukan foto, hanya teks")
    assert response.status_code == 400
    assert response.json() == {"file": ["foto.jpg is not a JPEG, PNG or WebP image."]}
    assert_nothing_stored(post, media_root)


def test_an_oversize_file_is_refused_giving_the_limit(editor_api, post, media_root, settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "image_bytes": 100}
    response = send(editor_api, post, name="besar.jpg")
    assert response.status_code == 400
    message = response.json()["file"][0]
    assert "besar.jpg" in message and "the limit is 100 bytes" in message
    assert_nothing_stored(post, media_root)


def test_a_pdf_is_not_a_post_image(editor_api, post, media_root):
    response = send(editor_api, post, name="juknis.pdf", content=b"%PDF-1.4\n%%EOF\n")
    assert response.status_code == 400
    assert "juknis.pdf" in response.json()["file"][0]
    assert_nothing_stored(post, media_root)


@pytest.mark.parametrize("alt_text", [None, "", "   "])
def test_an_image_without_alt_text_is_refused(editor_api, post, media_root, alt_text):
    response = send(editor_api, post, alt_text=alt_text)
    assert response.status_code == 400
    assert list(response.json()) == ["alt_text"]
    assert_nothing_stored(post, media_root)


def test_an_over_long_alt_text_is_refused(editor_api, post, media_root):
    response = send(editor_api, post, alt_text="x" * 501)
    assert response.status_code == 400
    assert list(response.json()) == ["alt_text"]
    assert_nothing_stored(post, media_root)


def test_a_missing_file_is_400_naming_file(editor_api, post, media_root):
    response = send(editor_api, post, content=False)
    assert response.status_code == 400
    assert list(response.json()) == ["file"]


def test_file_and_alt_text_alone_attach_the_image_to_the_current_version(
    editor_api, post, media_root
):
    # DESIGN.md §7: "POST posts/{id}/media/ (multipart file + alt_text)".
    response = send(editor_api, post, version=None)
    assert response.status_code == 201
    post.refresh_from_db()
    assert (post.media.count(), post.version) == (1, 2)


def test_a_version_that_is_no_number_is_400_naming_version(editor_api, post, media_root):
    response = send(editor_api, post, version="zwei")
    assert response.status_code == 400
    assert list(response.json()) == ["version"]
    assert_nothing_stored(post, media_root)


def test_a_stale_version_is_409_and_stores_nothing(editor_api, post, media_root):
    services.post_update(post=post, by=post.author, version=1, fields={"title": "baru"})
    response = send(editor_api, post, version=1)
    assert response.status_code == 409
    assert_nothing_stored(post, media_root, version=2)


def test_a_submitted_post_takes_no_images_even_bad_ones(client_for, editor, post_at, media_root):
    post = post_at("submitted")
    response = send(client_for(editor), post, content=b"junk", version=post.version)
    assert response.status_code == 409
    assert_nothing_stored(post, media_root, version=post.version)


def test_a_failure_after_the_files_are_written_leaves_none_behind(
    post, editor, media_root, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr("content.services.audit_record", broken)
    with pytest.raises(RuntimeError):
        services.media_add(
            post=post,
            by=editor,
            upload=upload("kpps.jpg", jpeg_with_gps()),
            alt_text="KPPS",
            version=1,
        )
    assert_nothing_stored(post, media_root)
    assert not AuditEntry.objects.filter(action="add_media").exists()


# --- removing ------------------------------------------------------------------------------------


@pytest.fixture
def media(post, editor):
    return services.media_add(
        post=post, by=editor, upload=upload("kpps.jpg", jpeg_with_gps()), alt_text="KPPS", version=1
    )


def test_removing_an_image_is_an_edit_and_its_files_go(
    editor_api, post, media, media_root, django_capture_on_commit_callbacks
):
    url = reverse("api-post-media", kwargs={"pk": post.pk, "media_pk": media.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.delete(url, {"version": 2})
    assert response.status_code == 200
    assert (response.json()["version"], response.json()["media"]) == (3, [])
    assert files_under(media_root) == []
    assert post.revisions.get(version=3).media == []


def test_removing_an_image_needs_the_current_version(editor_api, post, media, media_root):
    url = reverse("api-post-media", kwargs={"pk": post.pk, "media_pk": media.pk})
    assert editor_api.delete(url, {"version": 1}).status_code == 409
    assert editor_api.delete(url).status_code == 400
    assert PostMedia.objects.filter(pk=media.pk).exists()
    assert len(files_under(media_root)) == 2


def test_deleting_a_draft_deletes_its_files(
    editor_api, post, media, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_api.delete(f"/api/v1/posts/{post.pk}/").status_code == 204
    assert files_under(media_root) == []


def test_submitting_needs_alt_text_on_every_image(post, media, editor, province_approver):
    # Alt text is required on upload; a row without it (say, from a data fix) blocks
    # the submission rather than reaching the reviewer.
    PostMedia.objects.filter(pk=media.pk).update(alt_text="")
    post.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        workflow.post_submit(post=post, by=editor)
    assert "media" in refused.value.message_dict
    post.refresh_from_db()
    assert post.status == "draft"
