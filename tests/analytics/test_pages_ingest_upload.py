"""The CSV upload page: template, row errors by line, all or nothing, idempotent."""

import csv
import io
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


def test_a_file_of_many_bad_rows_lists_the_first_hundred_and_counts_the_rest(
    signed_in, post, english
):
    moment = _when(1)
    rows = "".join(f"{post.pk},{moment},1,-{n},1,1,1,1\n" for n in range(1, 151))
    page = upload(signed_in, f"{HEADER}\n{rows}").content.decode()
    assert "Nothing was saved: 150 problems in the file." in page
    assert page.count("<li>Row ") == 100
    assert "And 50 more problems: fix these rows first" in page


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


def template_rows(client, **params) -> list[list[str]]:
    response = client.get("/metrics/template.csv", {"posts": "unit", **params})
    delimiter = ";" if params.get("sep") == "semicolon" else ","
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))


def test_the_template_with_the_units_posts_lists_each_published_one(signed_in, published, english):
    older = published("33.74", "x", published_at=timezone.now() - timedelta(days=3))
    newer = published("33.74", "instagram", published_at=timezone.now() - timedelta(days=1))
    published("33.74", "facebook", status="approved")  # not out yet
    published("33.02", "tiktok")  # Banyumas: another unit's
    rows = template_rows(signed_in)
    assert rows[0] == [*HEADER.split(","), "platform", "published_at", "url", "brief"]
    assert [row[0] for row in rows[1:]] == [str(newer.pk), str(older.pk)]
    assert rows[1][1:8] == [""] * 7  # captured_at and the figures, to fill in
    assert rows[1][8:11] == [
        "Instagram",
        timezone.localtime(newer.published_at).strftime("%Y-%m-%d %H:%M"),
        newer.url,
    ]


def test_a_brief_title_a_spreadsheet_would_run_is_written_as_text(signed_in, published, brief):
    brief.title = "=HYPERLINK(1)"
    brief.save(update_fields=["title"])
    published("33.74", "x")
    assert template_rows(signed_in)[1][-1] == "'=HYPERLINK(1)"


def test_a_filled_in_template_stores_its_filled_rows_and_leaves_out_the_others(
    signed_in, published, english
):
    reported = published("33.74", "instagram")
    published("33.74", "x")
    rows = template_rows(signed_in, sep="semicolon")
    filled = {str(reported.pk): [_when(1), "1200", "900", "80", "7", "5", "640"]}
    text = "\n".join(";".join([row[0], *filled.get(row[0], row[1:8]), *row[8:]]) for row in rows)
    response = upload(signed_in, text)
    assert response.status_code == 302
    assert Snapshot.objects.get().post == reported
    page = signed_in.get(response["Location"]).content.decode()
    assert "1 new, 0 corrected, 0 unchanged. 1 row without figures was left out." in page


def test_a_template_sent_back_without_any_figures_says_so(signed_in, published, english):
    published("33.74", "instagram")
    text = "\n".join(",".join(row) for row in template_rows(signed_in))
    response = upload(signed_in, text)
    assert response.status_code == 400
    assert "No row has figures" in response.content.decode()
    assert not Snapshot.objects.exists()
