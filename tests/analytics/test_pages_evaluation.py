"""A closed brief's evaluation page: scope, figures, best posts, late units, lessons."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from analytics import evaluation_pages
from audit.models import AuditEntry
from campaigns import services as brief_services
from campaigns.models import Campaign
from kpu_portal.exceptions import Conflict

from . import test_pages_dashboard_support as support

client_as, dash_world = support.client_as, support.dash_world


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def closed(dash_world, make_user):
    """Cek DPT, due ten hours after it went out, then closed: Semarang published on
    time (6 h after), Banyumas 2 h late (12 h after), Banda Aceh 5 h late (15 h after)."""
    brief = dash_world["cek_dpt"]
    Campaign.objects.filter(pk=brief.pk).update(
        starts_at=brief.published_at, due_at=brief.published_at + timedelta(hours=10)
    )
    brief_services.campaign_close(campaign=brief, by=make_user("00", "approver"))
    brief.refresh_from_db()
    return brief


def url(brief, **query) -> str:
    address = reverse("brief-evaluation", args=[brief.pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_brief_still_open_has_no_evaluation_yet(dash_world, client_as):
    response = client_as("00").get(url(dash_world["cek_dpt"]))
    assert response.status_code == 404


def test_a_brief_not_addressed_to_the_viewers_subtree_is_not_found(closed, dash_world, client_as):
    hoaks = dash_world["hoaks"]  # addressed to three regencies, none in Bali
    Campaign.objects.filter(pk=hoaks.pk).update(status="closed")
    assert client_as("51").get(url(hoaks)).status_code == 404
    assert client_as("33").get(url(hoaks)).status_code == 200


def test_it_shows_the_same_figures_as_the_dashboard_for_the_brief(closed, tree, client_as):
    client = client_as("00")
    board = client.get(url(closed)).context["board"]
    dashboard = client.get(reverse("dashboard", args=[tree("00").pk]), {"campaign": closed.pk})
    assert board.total.counts == dashboard.context["board"].total.counts
    assert {row.key: row.posts_published for row in board.platforms} == {"instagram": 3, "x": 1}
    assert [row.key for row in board.segments] == ["first_time", "young"]


def test_the_best_posts_come_by_engagement_within_the_viewers_subtree(
    closed, dash_world, client_as
):
    posts = dash_world["posts"]  # reported at scales 20, 30, 40 and 50: the last is best
    national = client_as("00").get(url(closed)).context["best_posts"]
    assert [post.pk for post in national] == [post.pk for post in reversed(posts)]
    assert national[0].engagement == 13 * 50 and national[0].reach == 50 * 50
    banyumas = client_as("33.02").get(url(closed)).context["best_posts"]
    assert [post.satker.code for post in banyumas] == ["33.02"]


def test_late_units_list_who_published_after_the_due_time_or_never(closed, tree, client_as):
    response = client_as("33").get(url(closed))
    late = response.context["late_units"]
    listed = [row.assignment.satker.code for row in late]
    never = [row for row in late if row.first_published is None]
    assert len(never) == 35 - 2 + 1  # Jawa Tengah and its regencies but Semarang and Banyumas
    assert listed[-1] == "33.02" and late[-1].late_hours == 2.0  # published, after the never
    assert "33.74" not in listed  # on time
    assert "11.71" not in listed  # Aceh: outside Jawa Tengah
    assert "2.0" in response.content.decode()


def test_late_units_come_fifty_to_a_page(closed, client_as):
    client = client_as("00")
    first = client.get(url(closed))
    assert len(first.context["late_units"]) == evaluation_pages.LATE_PER_PAGE
    assert first.context["late_page"].paginator.count == 552 - 1  # all but Semarang
    pages = first.context["late_page"].paginator.num_pages  # 551 rows: 12 pages
    tail = [
        row.assignment.satker.code
        for page in (pages - 1, pages)
        for row in client.get(url(closed, page=page)).context["late_units"]
    ]
    assert tail[-2:] == ["11.71", "33.02"]  # the published ones last: 5 h late, then 2 h


def test_the_centre_writes_the_lessons_everyone_below_reads_them(closed, client_as):
    client = client_as("00", "editor")
    response = client.post(url(closed), {"lessons": "  Post before noon.\n\nUse video.  "})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.lessons == "Post before noon.\n\nUse video."
    entry = AuditEntry.objects.get(object_id=closed.pk, action="lessons")
    assert entry.changes["lessons"] == ["", "Post before noon.\n\nUse video."]
    page = client_as("33.74").get(url(closed)).content.decode()
    assert "<p>Post before noon.</p>" in page and "Use video." in page
    assert 'name="lessons"' not in page  # a regency reads them, writes nothing


def test_saving_empty_lessons_says_nothing_was_saved(closed, client_as):
    client = client_as("00", "editor")
    client.cookies["django_language"] = "en"
    response = client.post(url(closed), {"lessons": "   "}, follow=True)
    assert "Nothing was saved: the lessons are empty." in response.content.decode()
    assert not AuditEntry.objects.filter(object_id=closed.pk, action="lessons").exists()


def test_the_lessons_say_when_they_were_written_in_the_readers_zone(closed, client_as):
    client_as("00", "editor").post(url(closed), {"lessons": "Post before noon."})
    page = client_as("91.71").get(url(closed)).content.decode()  # Kota Jayapura: WIT
    assert re.search(r"Written by [^<]+, \d+ \w+ \d{4}, \d{2}:\d{2} WIT\.", page)


def test_only_editors_of_the_publishing_unit_write_lessons(closed, client_as):
    assert client_as("33", "admin").post(url(closed), {"lessons": "x"}).status_code == 403
    assert client_as("00", "viewer").post(url(closed), {"lessons": "x"}).status_code == 403
    closed.refresh_from_db()
    assert closed.lessons == ""


def test_lessons_too_long_are_refused_with_a_message_and_nothing_stored(closed, client_as):
    response = client_as("00", "editor").post(url(closed), {"lessons": "x" * 10_001})
    assert response.status_code == 400
    assert "Lessons learned: Ensure this value has at most 10000 characters" in (
        response.content.decode()
    )
    closed.refresh_from_db()
    assert closed.lessons == "" and not AuditEntry.objects.filter(action="lessons").exists()


def test_lessons_wait_until_the_brief_is_closed(dash_world, make_user):
    with pytest.raises(Conflict):
        brief_services.campaign_lessons_write(
            campaign=dash_world["cek_dpt"], by=make_user("00", "editor"), lessons="Too early"
        )


def test_the_same_lessons_saved_again_record_nothing_new(closed, make_user):
    editor = make_user("00", "editor")
    for _ in range(2):
        brief_services.campaign_lessons_write(campaign=closed, by=editor, lessons="Same")
    assert AuditEntry.objects.filter(action="lessons").count() == 1


def test_a_closed_brief_links_to_its_evaluation(closed, client_as):
    page = client_as("33.74").get(reverse("brief-detail", args=[closed.pk])).content.decode()
    assert url(closed) in page


def export_url(brief, table: str, fmt: str = "csv") -> str:
    return reverse("brief-evaluation-export", args=[brief.pk, table, fmt])


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_every_late_unit_downloads_as_csv_not_only_the_first_page(closed, client_as):
    response = client_as("00").get(export_url(closed, "late-units"))
    assert response["Content-Disposition"].startswith('attachment; filename="evaluation-')
    rows = csv_rows(response)
    assert rows[0] == ["Code", "Work unit", "First post published (WIB)", "Hours late"]
    assert len(rows) - 1 == 552 - 1  # every late unit: all but Semarang
    assert rows[-1][0] == "33.02" and rows[-1][3] == "2.0"
    assert rows[1][2] == "Not published"


def test_the_late_units_download_is_scoped_like_the_page(closed, client_as):
    codes = [row[0] for row in csv_rows(client_as("33").get(export_url(closed, "late-units")))]
    assert "11.71" not in codes and "33.02" in codes
    assert len(codes) - 1 == 1 + 35 - 1  # Jawa Tengah and its regencies but Semarang


def test_the_best_posts_download_as_xlsx_in_the_pages_order(closed, dash_world, client_as):
    response = client_as("00").get(export_url(closed, "best-posts", "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    best = dash_world["posts"][-1]
    assert rows[0][:3] == ("Code", "Work unit", "Platform")
    assert rows[1][0] == best.satker.code and rows[1][6] == 13 * 50
    assert len(rows) - 1 == len(dash_world["posts"])


def test_an_unknown_download_or_a_brief_still_open_is_not_found(closed, dash_world, client_as):
    client = client_as("00")
    assert client.get(export_url(closed, "segments")).status_code == 404
    assert client.get(export_url(closed, "late-units", "pdf")).status_code == 404
    assert client.get(export_url(dash_world["hoaks"], "late-units")).status_code == 404


def test_the_evaluation_page_links_its_downloads(closed, client_as):
    page = client_as("00").get(url(closed)).content.decode()
    assert export_url(closed, "late-units") in page
    assert export_url(closed, "best-posts", "xlsx") in page


def test_the_evaluation_page_reads_as_many_queries_for_the_nation_as_for_a_province(
    closed, client_as
):
    def queries_for(code: str) -> int:
        client = client_as(code)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(closed)).status_code == 200
        return len(captured)

    assert queries_for("00") == queries_for("33")  # 552 units below against 35
