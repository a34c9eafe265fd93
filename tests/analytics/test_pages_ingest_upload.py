"""The CSV upload page: template, row errors by line, all or nothing, idempotent."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from analytics.models import Snapshot

pytestmark = pytest.mark.django_db
UPLOAD = "/metrics/upload/"
HEADER = "post,captured_at,impressions,reach,likes,comments,shares,views"


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def _when(hours_ago: int = 1) -> str:
    return (timezone.localtime() - timedelta(hours=hours_ago)).strftime("%Y-%m-%d %H:%M")


def upload(client, text: str, encoding: str = "utf-8", name: str = "figures.csv"):
    data = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return client.post(UPLOAD, {"file": data})


def test_the_page_offers_the_template(signed_in):
    response = signed_in.get(UPLOAD)
    assert response.status_code == 200
    assert b"/metrics/template.csv" in response.content


def test_the_template_is_the_header_row(signed_in):
    response = signed_in.get("/metrics/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").strip() == HEADER


def test_the_template_for_indonesian_excel_uses_semicolons(signed_in):
    response = signed_in.get("/metrics/template.csv", {"sep": "semicolon"})
    assert response.content.decode("utf-8-sig").strip() == HEADER.replace(",", ";")


def test_leadership_cannot_open_the_upload(client, make_user):
    client.force_login(make_user("33.74", "viewer"))
    assert client.get(UPLOAD).status_code == 403


def test_a_file_stores_its_rows_and_again_changes_nothing(signed_in, post, english):
    text = f"{HEADER}\n{post.pk},{_when(2)},10,9,8,7,6,5\n{post.pk},{_when(1)},20,19,18,17,16,15\n"
    response = upload(signed_in, text)
    assert response.status_code == 302
    assert Snapshot.objects.count() == 2
    again = upload(signed_in, text)
    assert again.status_code == 302
    page = signed_in.get(again["Location"])
    assert "0 new, 0 corrected, 2 unchanged" in page.content.decode()


def test_bad_rows_are_named_by_line_and_field_and_nothing_is_stored(signed_in, post, english):
    text = (
        f"{HEADER}\n"
        f"{post.pk},{_when(3)},10,9,8,7,6,5\n"
        f"{post.pk},{_when(2)},10,-9,8,7,6,5\n"
        f"{post.pk},{_when(1)},10,9,8,7,6,lots\n"
    )
    response = upload(signed_in, text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Row 3, reach:" in page
    assert "Row 4, views:" in page
    assert not Snapshot.objects.exists()


def test_a_repeated_row_names_the_row_it_repeats(signed_in, post, english):
    moment = _when(1)
    text = f"{HEADER}\n{post.pk},{moment},1,1,1,1,1,1\n{post.pk},{moment},2,2,2,2,2,2\n"
    page = upload(signed_in, text).content.decode()
    assert "Row 3, captured_at: Row 2 has the same post and capture time." in page


def test_semicolons_and_a_byte_order_mark_are_read(signed_in, post):
    text = "\ufeff" + f"{HEADER}\r\n{post.pk};{_when()};10;9;8;7;6;5\r\n".replace(",", ";")
    assert upload(signed_in, text.replace(",", ";")).status_code == 302
    assert Snapshot.objects.get().views == 5


def test_a_post_is_found_by_its_published_address(signed_in, post):
    text = f"{HEADER}\n{post.url},{_when()},10,9,8,7,6,5\n"
    assert upload(signed_in, text).status_code == 302
    assert Snapshot.objects.get().post == post


def test_a_time_with_an_offset_is_read_as_written(signed_in, post):
    moment = (timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    written = moment.astimezone(timezone.get_fixed_timezone(9 * 60)).isoformat()
    assert upload(signed_in, f"{HEADER}\n{post.pk},{written},1,1,1,1,1,1\n").status_code == 302
    assert Snapshot.objects.get().captured_at == moment


def test_a_file_that_is_not_utf8_is_refused(signed_in, post, english):
    text = f"{HEADER}\n{post.pk},{_when()},1,1,1,1,1,1\n\u00e9"
    response = upload(signed_in, text, encoding="latin-1")
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()


def test_a_file_without_the_header_is_refused(signed_in, post, english):
    response = upload(signed_in, f"{post.pk},{_when()},1,1,1,1,1,1\n")
    assert response.status_code == 400
    assert "header row" in response.content.decode()
    assert not Snapshot.objects.exists()


def test_a_regency_cannot_upload_another_units_post(signed_in, published, english):
    banyumas = published("33.02")
    response = upload(signed_in, f"{HEADER}\n{banyumas.pk},{_when()},1,1,1,1,1,1\n")
    assert response.status_code == 400
    assert "Row 2, post: Unknown post, or outside your work unit." in response.content.decode()
