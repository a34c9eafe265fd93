"""The scope matrix of posts and their media (DESIGN.md §4): the post's unit and its
ancestors see it; sibling regencies and other provinces get 404 for the post, every
action on it and its media bytes; visible posts answer 403 to those who may not act;
and no stored file is reachable by any other URL."""

import pytest
from django.test import Client
from django.urls import reverse

from content import services, workflow
from content.models import Post, PostMedia
from tests.campaigns.test_assets_support import jpeg_with_gps, upload

pytestmark = pytest.mark.usefixtures("english", "media_root")

SEE = [("33.74", "viewer"), ("33", "viewer"), ("00", "viewer"), ("00", "admin")]
OUTSIDE = [("33.02", "admin"), ("33.02", "editor"), ("11", "admin"), ("11.71", "editor")]


@pytest.fixture
def with_media(post, editor):
    """Semarang's draft with one image: (post, media)."""
    media = services.media_add(
        post=post, by=editor, upload=upload("kpps.jpg", jpeg_with_gps()), alt_text="KPPS", version=1
    )
    post.refresh_from_db()
    return post, media


def calls(post: Post, media: PostMedia) -> dict:
    """Every API call on the post and its media: name -> (method, url, body)."""
    base = f"/api/v1/posts/{post.pk}/"
    files = {"pk": post.pk, "media_pk": media.pk}
    return {
        "retrieve": ("get", base, None),
        "edit": ("patch", base, {"caption": "x", "version": post.version}),
        "delete": ("delete", base, None),
        "submit": ("post", f"{base}submit/", None),
        "approve": ("post", f"{base}approve/", None),
        "request_changes": ("post", f"{base}request-changes/", {"comment": "Ubah."}),
        "publish": ("post", f"{base}publish/", {"url": "https://x.com/kpu/status/1"}),
        "media_add": ("post", f"{base}media/", {"alt_text": "KPPS", "version": post.version}),
        "media_remove": (
            "delete",
            reverse("api-post-media", kwargs=files),
            {"version": post.version},
        ),
        "media_file": ("get", reverse("api-post-media-file", kwargs=files), None),
        "media_thumbnail": ("get", reverse("api-post-media-thumbnail", kwargs=files), None),
    }


ALL_CALLS = [
    "retrieve",
    "edit",
    "delete",
    "submit",
    "approve",
    "request_changes",
    "publish",
    "media_add",
    "media_remove",
    "media_file",
    "media_thumbnail",
]
READS = ["retrieve", "media_file", "media_thumbnail"]
ACTIONS = [name for name in ALL_CALLS if name not in READS]


def send(client, call):
    method, url, body = call
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body, format="multipart" if "media/" in url else None)


@pytest.mark.parametrize(("code", "role"), SEE)
@pytest.mark.parametrize("name", READS)
def test_the_unit_and_its_ancestors_read_the_post_and_its_media(
    with_media, api_as, code, role, name
):
    post, media = with_media
    response = send(api_as(code, role), calls(post, media)[name])
    assert response.status_code == 200


@pytest.mark.parametrize(("code", "role"), SEE)
def test_the_unit_and_its_ancestors_list_the_post(with_media, api_as, code, role):
    post, _ = with_media
    rows = api_as(code, role).get("/api/v1/posts/").json()["results"]
    assert [row["id"] for row in rows] == [post.pk]


@pytest.mark.parametrize(("code", "role"), OUTSIDE)
@pytest.mark.parametrize("name", ALL_CALLS)
def test_siblings_and_other_provinces_get_404_for_everything(with_media, api_as, code, role, name):
    post, media = with_media
    response = send(api_as(code, role), calls(post, media)[name])
    assert response.status_code == 404
    post.refresh_from_db()
    assert (post.status, post.version) == ("draft", 2)
    assert PostMedia.objects.filter(pk=media.pk).exists()


@pytest.mark.parametrize(("code", "role"), OUTSIDE)
def test_siblings_and_other_provinces_do_not_list_the_post(with_media, api_as, code, role):
    assert api_as(code, role).get("/api/v1/posts/").json()["count"] == 0


@pytest.mark.parametrize(
    ("code", "role"), [("33.74", "viewer"), ("33", "viewer"), ("00", "viewer")]
)
@pytest.mark.parametrize("name", ACTIONS)
def test_viewers_get_403_for_every_action(with_media, api_as, code, role, name):
    post, media = with_media
    response = send(api_as(code, role), calls(post, media)[name])
    assert response.status_code == 403
    post.refresh_from_db()
    assert (post.status, post.version) == ("draft", 2)


@pytest.mark.parametrize(("code", "role"), [("33", "editor"), ("33", "approver"), ("00", "admin")])
@pytest.mark.parametrize(
    "name", ["edit", "delete", "submit", "publish", "media_add", "media_remove"]
)
def test_ancestors_editors_and_approvers_do_not_write_a_units_post(
    with_media, api_as, code, role, name
):
    post, media = with_media
    assert send(api_as(code, role), calls(post, media)[name]).status_code == 403


@pytest.mark.parametrize("name", ["approve", "request_changes"])
def test_an_approver_of_the_posts_own_unit_gets_403_as_its_reviewer(
    with_media, api_as, editor, province_approver, name
):
    post, media = with_media
    workflow.post_submit(post=post, by=editor)
    post.refresh_from_db()
    assert send(api_as("33.74", "approver"), calls(post, media)[name]).status_code == 403


# --- no other way to the bytes ----------------------------------------------------------------


def test_an_image_asked_for_under_another_posts_id_is_404(with_media, write, api_as):
    _, media = with_media
    other = write(platform="x")
    client = api_as("33.74", "viewer")  # sees both posts
    for name in ("api-post-media-file", "api-post-media-thumbnail"):
        url = reverse(name, kwargs={"pk": other.pk, "media_pk": media.pk})
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("variant", ["file", "thumbnail"])
def test_no_url_serves_the_stored_files(with_media, editor, variant):
    _, media = with_media
    stored = getattr(media, variant).name
    assert stored.startswith(f"post-media/{media.post_id}/")
    browser = Client()
    browser.force_login(editor)  # even someone in scope, signed in
    for url in (
        f"/media/{stored}",
        f"/{stored}",
        f"/static/{stored}",
        f"/media/{stored.split('/')[-1]}",
    ):
        assert browser.get(url).status_code == 404, url


def test_anonymous_callers_get_401_for_the_bytes(with_media, api):
    post, media = with_media
    for name in ("media_file", "media_thumbnail"):
        assert send(api, calls(post, media)[name]).status_code == 401


def test_the_bytes_are_served_inline_and_never_sniffed(with_media, api_as):
    post, media = with_media
    response = send(api_as("33", "viewer"), calls(post, media)["media_file"])
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
