"""A brief's files in the browser: who may fetch them, how they are served, who may add them.

The file URLs are campaigns' "brief-asset" and "brief-asset-thumbnail" views; no
file is reachable under MEDIA_URL or any /media/ path.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from campaigns import assets
from campaigns.models import CampaignAsset
from tests.campaigns.test_assets_support import (
    PDF,
    brief_at,
    close,
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


@pytest.fixture
def brief(tree):
    """A Jawa Tengah draft: its 35 regencies see it once published."""
    return brief_at(tree, "33")


@pytest.fixture
def image(brief, make_user):
    return assets.asset_add(
        campaign=brief,
        by=make_user("33", "editor"),
        upload=upload("kpps.jpg", jpeg_with_gps()),
        alt_text="Petugas KPPS membantu pemilih lansia",
    )


@pytest.fixture
def document(brief, make_user):
    return assets.asset_add(
        campaign=brief, by=make_user("33", "editor"), upload=upload("juknis.pdf", PDF)
    )


@pytest.fixture
def browser_as(make_user):
    """``browser_as("33.74", "viewer")``: a browser signed in as a new user there."""

    def signed_in(code: str, role: str = "viewer") -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the English interface
        client.force_login(make_user(code, role))
        return client

    return signed_in


def file_url(asset, variant: str = "") -> str:
    name = "brief-asset-thumbnail" if variant == "thumbnail" else "brief-asset"
    return reverse(name, args=[asset.campaign_id, asset.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- Who may fetch a file -------------------------------------------------------------


@pytest.mark.parametrize("code", ["33", "00"])
def test_the_publishing_unit_and_its_ancestors_fetch_a_draft_briefs_file(image, browser_as, code):
    response = browser_as(code).get(file_url(image))
    assert response.status_code == 200
    assert body(response) == image.file.open("rb").read()


def test_a_draft_briefs_file_is_not_found_for_the_regency_below(image, browser_as):
    client = browser_as("33.74", "admin")
    assert client.get(file_url(image)).status_code == 404
    assert client.get(file_url(image, "thumbnail")).status_code == 404


def test_a_targeted_regency_fetches_the_file_once_published(image, brief, make_user, browser_as):
    publish(brief, make_user)
    client = browser_as("33.74")
    assert client.get(file_url(image)).status_code == 200
    assert client.get(file_url(image, "thumbnail")).status_code == 200


def test_a_closed_briefs_files_stay_readable_to_its_regencies(image, brief, make_user, browser_as):
    close(publish(brief, make_user), make_user)
    assert browser_as("33.74").get(file_url(image)).status_code == 200


@pytest.mark.parametrize("code", ["11", "11.71", "73.71"])
def test_units_outside_scope_get_404(image, brief, make_user, browser_as, code):
    publish(brief, make_user)
    client = browser_as(code, "admin")
    assert client.get(file_url(image)).status_code == 404
    assert client.get(file_url(image, "thumbnail")).status_code == 404


def test_a_regency_left_out_of_a_units_scoped_brief_gets_404(tree, make_user, browser_as):
    brief = brief_at(tree, "33", scope_mode="units")
    brief.scope_units.set([tree("33.74")])
    asset = assets.asset_add(
        campaign=brief,
        by=make_user("33", "editor"),
        upload=upload("peta.png", png_bytes()),
        alt_text="Peta TPS",
    )
    publish(brief, make_user)
    assert browser_as("33.74").get(file_url(asset)).status_code == 200
    assert browser_as("33.02").get(file_url(asset)).status_code == 404


def test_an_asset_asked_for_under_another_brief_is_not_found(image, tree, make_user, browser_as):
    other = brief_at(tree, "33")
    url = reverse("brief-asset", args=[other.pk, image.pk])
    assert browser_as("33").get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(image):
    for url in (file_url(image), file_url(image, "thumbnail")):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_stored_file_has_no_public_address(image, browser_as, settings):
    client = browser_as("33", "admin")
    name = image.file.name
    for path in (
        f"/media/{name}",
        f"/{name}",
        f"{settings.MEDIA_URL or '/'}{name}",
        f"/static/{name}",
        f"/media/{image.thumbnail.name}",
    ):
        assert client.get(path).status_code == 404, path


# --- How a file is served ---------------------------------------------------------------


def test_an_image_is_served_inline_with_its_type_and_guarded_headers(image, browser_as):
    response = browser_as("33").get(file_url(image))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "sandbox" in csp
    assert "private" in response["Cache-Control"]
    served = opened(body(response))
    assert served.format == "JPEG"
    assert not served.getexif()


def test_a_thumbnail_is_served_as_webp(image, browser_as):
    response = browser_as("33").get(file_url(image, "thumbnail"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert opened(body(response)).format == "WEBP"


def test_a_pdf_is_served_as_an_attachment(document, browser_as):
    response = browser_as("33").get(file_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="juknis.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert body(response) == PDF


def test_a_pdf_has_no_thumbnail(document, browser_as):
    assert browser_as("33").get(file_url(document, "thumbnail")).status_code == 404


def test_the_brief_page_shows_the_thumbnail_with_its_alt_text(image, brief, browser_as):
    page = browser_as("33").get(reverse("brief-detail", args=[brief.pk])).content.decode()
    assert f'src="{file_url(image, "thumbnail")}"' in page
    assert 'alt="Petugas KPPS membantu pemilih lansia"' in page
    assert "/media/" not in page


# --- Adding a file through the page ---------------------------------------------------------


def post_file(client, brief, name="kpps.jpg", content=None, alt_text="Petugas KPPS"):
    return client.post(
        reverse("brief-asset-upload", args=[brief.pk]),
        {
            "file": upload(name, jpeg_with_gps() if content is None else content),
            "alt_text": alt_text,
        },
    )


def test_an_editor_attaches_an_image(brief, browser_as):
    response = post_file(browser_as("33", "editor"), brief)
    assert response.status_code == 302
    assert response["Location"] == reverse("brief-detail", args=[brief.pk])
    asset = CampaignAsset.objects.get(campaign=brief)
    assert asset.alt_text == "Petugas KPPS"


def test_a_viewer_of_the_publishing_unit_gets_403(brief, browser_as, media_root):
    assert post_file(browser_as("33", "viewer"), brief).status_code == 403
    assert not CampaignAsset.objects.exists()
    assert files_under(media_root) == []


def test_a_targeted_regency_editor_gets_403(brief, make_user, browser_as):
    publish(brief, make_user)
    assert post_file(browser_as("33.74", "editor"), brief).status_code == 403
    assert not CampaignAsset.objects.exists()


def test_an_editor_outside_scope_gets_404(brief, make_user, browser_as):
    publish(brief, make_user)
    assert post_file(browser_as("11", "editor"), brief).status_code == 404
    assert not CampaignAsset.objects.exists()


def test_a_closed_brief_refuses_a_file_with_a_message(brief, make_user, browser_as, media_root):
    close(publish(brief, make_user), make_user)
    response = post_file(browser_as("33", "editor"), brief)
    assert response.status_code == 400
    assert "A closed brief cannot change." in response.content.decode()
    assert not CampaignAsset.objects.exists()
    assert files_under(media_root) == []


def test_a_bad_file_is_refused_with_a_message_naming_it(brief, browser_as, media_root):
    response = post_file(browser_as("33", "editor"), brief, name="photo.jpg", content=b"hello")
    assert response.status_code == 400
    assert "photo.jpg is neither a JPEG, PNG or WebP image nor a PDF." in response.content.decode()
    assert not CampaignAsset.objects.exists()
    assert files_under(media_root) == []


def test_an_image_without_alt_text_is_refused_with_a_message(brief, browser_as, media_root):
    response = post_file(browser_as("33", "editor"), brief, alt_text="")
    assert response.status_code == 400
    assert "Describe the image for people who cannot see it." in response.content.decode()
    assert files_under(media_root) == []


def test_an_editor_removes_a_wrong_file_from_the_draft(
    image, brief, browser_as, media_root, django_capture_on_commit_callbacks
):
    editor = browser_as("33", "editor")
    page = editor.get(reverse("brief-detail", args=[brief.pk])).content.decode()
    remove_url = reverse("brief-asset-remove", args=[brief.pk, image.pk])
    assert f'action="{remove_url}"' in page
    with django_capture_on_commit_callbacks(execute=True):  # the files go after commit
        response = editor.post(remove_url, follow=True)
    assert "kpps.jpg is removed." in response.content.decode()
    assert not CampaignAsset.objects.exists()
    assert files_under(media_root) == []


def test_a_regency_cannot_remove_the_briefs_file(image, brief, make_user, browser_as):
    publish(brief, make_user)
    response = browser_as("33.74", "editor").post(
        reverse("brief-asset-remove", args=[brief.pk, image.pk])
    )
    assert response.status_code == 403
    assert CampaignAsset.objects.filter(pk=image.pk).exists()
