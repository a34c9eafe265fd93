"""/api/v1/campaigns/{id}/assets/ (campaigns.api.assets).

NEEDS THE ROUTES: these tests assume kpu_portal/api_urls.py includes
``path("", include("campaigns.api.assets"))``, which names
"api-campaign-assets" (campaigns/<id:pk>/assets/), "api-campaign-asset-file" and
"api-campaign-asset-thumbnail". Until that line is added they fail with NoReverseMatch.
"""

import pytest
from django.urls import reverse

from campaigns import assets
from campaigns.models import CampaignAsset
from tests.campaigns.test_assets_support import (
    HTML,
    PDF,
    brief_at,
    close,
    declared_size_png,
    english_fixture,  # noqa: F401
    files_under,
    jpeg_with_gps,
    media_root_fixture,  # noqa: F401
    opened,
    png_bytes,
    publish,
    upload,
)

pytestmark = pytest.mark.usefixtures("english", "media_root")


@pytest.fixture(autouse=True)
def english_answers(settings):
    settings.LANGUAGE_CODE = "en"  # requests carry no Accept-Language


FIELDS = {"id", "kind", "original_name", "content_type", "size", "alt_text", "url", "thumbnail_url"}


@pytest.fixture
def brief(tree):
    return brief_at(tree, "33")


def assets_url(brief) -> str:
    return reverse("api-campaign-assets", kwargs={"pk": brief.pk})


def send(client, brief, name="kpps.jpg", content=None, alt_text="Petugas KPPS", **extra):
    data = {"file": upload(name, jpeg_with_gps() if content is None else content)}
    if alt_text is not None:
        data["alt_text"] = alt_text
    return client.post(assets_url(brief), data, format="multipart", **extra)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- POST -------------------------------------------------------------------------------


def test_an_editor_adds_an_image_and_gets_201_with_the_asset(brief, api_as, media_root):
    response = send(api_as("33", "editor"), brief)

    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == FIELDS
    asset = CampaignAsset.objects.get(campaign=brief)
    assert data["id"] == asset.pk
    assert data["kind"] == "image"
    assert data["original_name"] == "kpps.jpg"
    assert data["content_type"] == "image/jpeg"
    assert data["size"] == asset.size == len(asset.file.read())
    assert data["alt_text"] == "Petugas KPPS"
    assert data["url"].endswith(f"/api/v1/campaigns/{brief.pk}/assets/{asset.pk}/file/")
    assert data["thumbnail_url"].endswith(f"/assets/{asset.pk}/thumbnail/")
    assert "/media/" not in data["url"]
    assert len(files_under(media_root)) == 2


def test_a_pdf_needs_no_alt_text_and_has_no_thumbnail(brief, api_as):
    response = send(api_as("33", "editor"), brief, name="juknis.pdf", content=PDF, alt_text=None)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["kind"], data["content_type"], data["thumbnail_url"]) == (
        "document",
        "application/pdf",
        None,
    )


def test_an_image_without_alt_text_is_400_naming_alt_text(brief, api_as, media_root):
    response = send(api_as("33", "editor"), brief, alt_text="")
    assert response.status_code == 400
    assert list(response.json()) == ["alt_text"]
    assert files_under(media_root) == []


def test_a_text_file_posing_as_a_jpeg_is_400_naming_file(brief, api_as, media_root):
    response = send(api_as("33", "editor"), brief, name="photo.jpg", content=b"not a photo")
    assert response.status_code == 400
    assert response.json() == {
        "file": ["photo.jpg is neither a JPEG, PNG or WebP image nor a PDF."]
    }
    assert not CampaignAsset.objects.exists()
    assert files_under(media_root) == []


def test_a_decompression_bomb_is_400_and_stores_nothing(brief, api_as, media_root):
    bomb = declared_size_png(30_000, 30_000)
    response = send(api_as("33", "editor"), brief, name="bom.png", content=bomb)
    assert response.status_code == 400
    assert "bom.png" in response.json()["file"][0]
    assert not CampaignAsset.objects.exists()
    assert files_under(media_root) == []


def test_an_oversize_image_is_400_giving_the_sizes(brief, api_as, settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "image_bytes": 100}
    response = send(api_as("33", "editor"), brief)
    assert response.status_code == 400
    assert "the limit is 100 bytes" in response.json()["file"][0]


def test_a_png_carrying_html_is_stored_without_it(brief, api_as):
    response = send(api_as("33", "editor"), brief, name="poster.png", content=png_bytes() + HTML)
    assert response.status_code == 201
    assert b"<script" not in CampaignAsset.objects.get().file.read()


def test_an_over_long_alt_text_is_400(brief, api_as):
    response = send(api_as("33", "editor"), brief, alt_text="x" * 501)
    assert response.status_code == 400
    assert list(response.json()) == ["alt_text"]


def test_a_missing_file_is_400_naming_file(brief, api_as):
    response = api_as("33", "editor").post(
        assets_url(brief), {"alt_text": "tanpa berkas"}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["file"]


@pytest.mark.parametrize(("code", "role"), [("33", "viewer"), ("33.74", "admin"), ("00", "admin")])
def test_others_who_see_the_brief_get_403(brief, make_user, api_as, media_root, code, role):
    publish(brief, make_user)
    response = send(api_as(code, role), brief)
    assert response.status_code == 403
    assert files_under(media_root) == []


def test_a_viewer_gets_403_even_for_a_bad_upload(brief, api_as):
    response = send(api_as("33", "viewer"), brief, content=b"junk")
    assert response.status_code == 403


@pytest.mark.parametrize("code", ["11", "11.71"])
def test_editors_outside_scope_get_404(brief, make_user, api_as, code):
    publish(brief, make_user)
    assert send(api_as(code, "editor"), brief).status_code == 404


def test_a_regency_editor_gets_404_for_a_draft(brief, api_as):
    assert send(api_as("33.74", "editor"), brief).status_code == 404


def test_a_closed_brief_answers_409(brief, make_user, api_as, media_root):
    close(publish(brief, make_user), make_user)
    response = send(api_as("33", "editor"), brief)
    assert response.status_code == 409
    assert response.json() == {"detail": "A closed brief cannot change."}
    assert files_under(media_root) == []


def test_anonymous_callers_get_401(brief, api):
    assert send(api, brief).status_code == 401


# --- GET: the list and the files --------------------------------------------------------------


@pytest.fixture
def image(brief, make_user):
    return assets.asset_add(
        campaign=brief,
        by=make_user("33", "editor"),
        upload=upload("kpps.jpg", jpeg_with_gps()),
        alt_text="Petugas KPPS",
    )


def test_the_list_is_paginated_with_the_assets(brief, image, api_as, make_user):
    assets.asset_add(campaign=brief, by=make_user("33", "editor"), upload=upload("juknis.pdf", PDF))
    data = api_as("33").get(assets_url(brief)).json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 2
    assert [row["original_name"] for row in data["results"]] == ["kpps.jpg", "juknis.pdf"]
    assert set(data["results"][0]) == FIELDS


def test_a_targeted_regency_lists_and_fetches_once_published(brief, image, make_user, api_as):
    client = api_as("33.74")
    assert client.get(assets_url(brief)).status_code == 404  # still a draft
    publish(brief, make_user)

    listed = client.get(assets_url(brief)).json()["results"]
    assert [row["id"] for row in listed] == [image.pk]
    response = client.get(listed[0]["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert not opened(body(response)).getexif()
    thumbnail = client.get(listed[0]["thumbnail_url"], HTTP_ACCEPT="image/avif,image/webp")
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/webp"


@pytest.mark.parametrize("code", ["11", "11.71"])
def test_callers_outside_scope_get_404_for_the_list_and_the_files(
    brief, image, make_user, api_as, code
):
    publish(brief, make_user)
    client = api_as(code, "admin")
    assert client.get(assets_url(brief)).status_code == 404
    for name in ("api-campaign-asset-file", "api-campaign-asset-thumbnail"):
        url = reverse(name, kwargs={"pk": brief.pk, "asset_pk": image.pk})
        assert client.get(url).status_code == 404


def test_files_are_served_with_guarded_headers(brief, image, make_user, api_as):
    document = assets.asset_add(
        campaign=brief, by=make_user("33", "editor"), upload=upload("juknis.pdf", PDF)
    )
    client = api_as("33")
    for asset, disposition in ((image, "inline"), (document, "attachment")):
        url = reverse("api-campaign-asset-file", kwargs={"pk": brief.pk, "asset_pk": asset.pk})
        response = client.get(url, HTTP_ACCEPT=asset.content_type)
        assert response.status_code == 200
        assert response["Content-Type"] == asset.content_type
        assert response["Content-Disposition"].startswith(disposition)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]


def test_anonymous_callers_get_401_for_the_files(brief, image, api):
    url = reverse("api-campaign-asset-file", kwargs={"pk": brief.pk, "asset_pk": image.pk})
    assert api.get(url).status_code == 401
    assert api.get(assets_url(brief)).status_code == 401
