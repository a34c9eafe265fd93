"""The snapshot form on the post page, and the screenshot it may carry."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from analytics import ingest
from analytics.models import Snapshot

from .conftest import FIGURES

pytestmark = pytest.mark.django_db


def _form(hours_ago: int = 1, **changes) -> dict:
    moment = timezone.localtime() - timedelta(hours=hours_ago)
    return {**FIGURES, "captured_at": moment.strftime("%Y-%m-%dT%H:%M"), **changes}


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile("angka.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def test_the_post_page_shows_the_form_and_the_latest_figures(signed_in, post, english):
    signed_in.post(f"/posts/{post.pk}/metrics/", _form(reach=4321))
    page = signed_in.get(f"/posts/{post.pk}/").content.decode()
    assert f'action="/posts/{post.pk}/metrics/"' in page
    assert "4,321" in page


def test_the_form_is_not_shown_to_leadership(client, make_user, post):
    client.force_login(make_user("33.74", "viewer"))
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert f'action="/posts/{post.pk}/metrics/"' not in page
    assert client.post(f"/posts/{post.pk}/metrics/", _form()).status_code == 403


def test_the_form_is_not_shown_for_an_unpublished_post(signed_in, published):
    draft = published(platform="x", status="approved")
    page = signed_in.get(f"/posts/{draft.pk}/").content.decode()
    assert f'action="/posts/{draft.pk}/metrics/"' not in page
    assert signed_in.post(f"/posts/{draft.pk}/metrics/", _form()).status_code == 302
    assert not Snapshot.objects.exists()


def test_the_form_stores_a_snapshot(signed_in, post, editor):
    response = signed_in.post(f"/posts/{post.pk}/metrics/", _form())
    assert response.status_code == 302
    snapshot = Snapshot.objects.get()
    assert (snapshot.source, snapshot.reported_by, snapshot.likes) == ("form", editor, 80)


def test_errors_are_named_by_field(signed_in, post, english):
    response = signed_in.post(f"/posts/{post.pk}/metrics/", _form(likes=-3, hours_ago=-5))
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"likes", "captured_at"}
    assert not Snapshot.objects.exists()


def test_a_time_before_the_publication_is_named(signed_in, post):
    response = signed_in.post(f"/posts/{post.pk}/metrics/", _form(hours_ago=24 * 11))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["captured_at"]


def test_another_units_post_answers_404(signed_in, published):
    banyumas = published("33.02")
    assert signed_in.get(f"/posts/{banyumas.pk}/metrics/").status_code == 404
    assert signed_in.post(f"/posts/{banyumas.pk}/metrics/", _form()).status_code == 404
    assert not Snapshot.objects.exists()


def test_the_province_sees_the_figures_but_may_not_report(client, make_user, post):
    client.force_login(make_user("33", "editor"))
    assert client.get(f"/posts/{post.pk}/").status_code == 200
    assert client.post(f"/posts/{post.pk}/metrics/", _form()).status_code == 403


def test_a_screenshot_is_kept_and_served_only_in_scope(
    signed_in, post, client, make_user, media_root
):
    response = signed_in.post(f"/posts/{post.pk}/metrics/", {**_form(), "evidence": _png()})
    assert response.status_code == 302
    snapshot = Snapshot.objects.get()
    assert snapshot.evidence.name.endswith(".png")
    url = f"/metrics/snapshots/{snapshot.pk}/evidence/"
    served = signed_in.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    client.force_login(make_user("33.02", "admin"))
    assert client.get(url).status_code == 404


def test_a_file_that_is_not_an_image_is_refused(signed_in, post, media_root):
    fake = SimpleUploadedFile("angka.png", b"<html>not an image</html>", content_type="image/png")
    response = signed_in.post(f"/posts/{post.pk}/metrics/", {**_form(), "evidence": fake})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["evidence"]
    assert not Snapshot.objects.exists()


def readings_on(client, post) -> list[str]:
    """The reach of each reading listed on the post's page, as shown, latest first."""
    page = client.get(f"/posts/{post.pk}/").content.decode()
    table = re.search(r'<details class="readings">.*?</details>', page, re.S)
    if table is None:
        return []
    return [
        re.findall(r'<td class="num">([^<]*)</td>', row)[1]
        for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", table.group(0), re.S)
    ]


def test_the_post_page_lists_every_reading_the_latest_first(signed_in, post, make_user, english):
    signed_in.post(f"/posts/{post.pk}/metrics/", _form(hours_ago=3, reach=1000))
    assert readings_on(signed_in, post) == []  # one reading: the latest figures say it all
    signed_in.post(f"/posts/{post.pk}/metrics/", _form(hours_ago=1, reach=2500))
    viewer = Client()
    viewer.force_login(make_user("33", "viewer"))
    assert readings_on(viewer, post) == ["2,500", "1,000"]
    assert "2 readings reported" in viewer.get(f"/posts/{post.pk}/").content.decode()


def test_a_post_with_many_readings_lists_the_latest_twenty(signed_in, post, editor, english):
    now = timezone.now()
    ingest.snapshots_ingest(
        by=editor,
        items=[
            {**FIGURES, "post": post.pk, "captured_at": now - timedelta(minutes=n), "reach": n}
            for n in range(1, 23)
        ],
        source="api",
    )
    page = signed_in.get(f"/posts/{post.pk}/").content.decode()
    assert "22 readings reported" in page
    assert "The latest 20 readings" in page
    assert readings_on(signed_in, post)[:2] == ["1", "2"]
