"""A unit's inbox of assignments: its own only, urgent first, due times in its zone."""

import re
import zoneinfo
from datetime import datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Assignment

from .test_pages_support import (  # noqa: F401 - fixtures
    browser_as_fixture,
    draft_at,
    main_text,
    published_at,
    shown_messages,
)

INBOX = reverse("inbox")
UTC = zoneinfo.ZoneInfo("UTC")
NOW = datetime(2031, 11, 20, 3, 0, tzinfo=UTC)


def titles(response) -> list[str]:
    """The briefs listed, top to bottom."""
    return re.findall(r'<h2><a href="/briefs/\d+/">([^<]+)</a></h2>', response.content.decode())


def item_of(response, title: str) -> str:
    """The visible text of the inbox entry of ``title``."""
    page = response.content.decode()
    for item in re.findall(r'<li class="inbox-item.*?</li>', page, flags=re.S):
        if f">{title}<" in item:
            return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
    raise AssertionError(f"{title!r} is not in the inbox")


def acknowledge_url(brief, code: str) -> str:
    assignment = Assignment.objects.get(campaign=brief, satker__code=code)
    return reverse("assignment-acknowledge", args=[assignment.pk])


def test_the_inbox_lists_the_units_own_assignments_only(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["33.74"], title="Untuk Semarang")
    published_at(tree, make_user, "00", units=["33.02"], title="Untuk Banyumas")
    published_at(tree, make_user, "33", title="Dari Jawa Tengah")
    listed = titles(browser_as("33.74").get(INBOX))
    assert sorted(listed) == ["Dari Jawa Tengah", "Untuk Semarang"]


def test_a_province_does_not_see_its_regencies_assignments_in_its_inbox(
    browser_as, tree, make_user
):
    published_at(tree, make_user, "00", units=["33.74"], title="Untuk Semarang")
    published_at(tree, make_user, "00", units=["33"], title="Untuk Jawa Tengah")
    assert titles(browser_as("33").get(INBOX)) == ["Untuk Jawa Tengah"]


def test_a_draft_brief_is_not_in_the_inbox(browser_as, tree):
    draft_at(tree, "33", title="Masih draf")
    assert titles(browser_as("33.74").get(INBOX)) == []
    assert "No assignments for your unit yet." in main_text(browser_as("33.74").get(INBOX))


@time_machine.travel(NOW, tick=False)
def test_urgent_briefs_come_first_then_the_soonest_due(browser_as, tree, make_user):
    starts = NOW - timedelta(hours=1)
    published_at(
        tree,
        make_user,
        "00",
        units=["33.74"],
        title="Lusa",
        starts_at=starts,
        due_at=NOW + timedelta(days=2),
    )
    published_at(
        tree,
        make_user,
        "00",
        units=["33.74"],
        title="Besok",
        starts_at=starts,
        due_at=NOW + timedelta(days=1),
    )
    published_at(
        tree,
        make_user,
        "00",
        units=["33.74"],
        title="Hoaks",
        starts_at=starts,
        due_at=NOW + timedelta(days=3),
        priority="urgent",
        deadline_hours=72,
    )
    assert titles(browser_as("33.74").get(INBOX)) == ["Hoaks", "Besok", "Lusa"]


def test_an_overdue_assignment_is_marked(browser_as, tree, make_user):
    due = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    published_at(
        tree,
        make_user,
        "00",
        units=["33.74"],
        title="Cek DPT",
        due_at=due,
        starts_at=due - timedelta(days=7),
    )
    editor = browser_as("33.74", "editor")
    with time_machine.travel(due - timedelta(minutes=1), tick=False):
        assert "Overdue" not in item_of(editor.get(INBOX), "Cek DPT")
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert "Overdue" in item_of(editor.get(INBOX), "Cek DPT")


def test_the_due_time_is_in_a_wib_units_zone(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["33.74"], title="Cek DPT", due_at=NOW)
    assert "Due: 20 Nov 2031, 10:00 WIB" in item_of(browser_as("33.74").get(INBOX), "Cek DPT")


def test_the_due_time_is_in_a_wita_units_zone(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["73.71"], title="Cek DPT", due_at=NOW)
    response = browser_as("73.71").get(INBOX)
    assert "Due: 20 Nov 2031, 11:00 WITA" in item_of(response, "Cek DPT")
    assert "(WITA)" in main_text(response)


def test_the_due_time_is_in_a_wit_units_zone(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["91"], title="Cek DPT", due_at=NOW)
    assert "Due: 20 Nov 2031, 12:00 WIT" in item_of(browser_as("91").get(INBOX), "Cek DPT")


def test_an_editor_acknowledges_an_assignment(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"], title="Cek DPT")
    editor = browser_as("33.74", "editor")
    response = editor.post(acknowledge_url(brief, "33.74"), follow=True)
    assert response.redirect_chain == [(INBOX, 302)]
    assert shown_messages(response) == ["Acknowledged. Your unit can now write its posts."]
    entry = item_of(response, "Cek DPT")
    assert "Acknowledged" in entry
    assert "Pending" not in entry
    assert Assignment.objects.get(campaign=brief).acknowledged_by == editor.user


def test_an_editor_sees_the_acknowledge_button_of_a_pending_assignment(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["33.74"], title="Cek DPT")
    assert "Acknowledge" in item_of(browser_as("33.74", "editor").get(INBOX), "Cek DPT")


def test_acknowledging_twice_shows_an_error(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    editor = browser_as("33.74", "editor")
    editor.post(acknowledge_url(brief, "33.74"), follow=True)
    response = editor.post(acknowledge_url(brief, "33.74"), follow=True)
    assert shown_messages(response) == ["This assignment has already been acknowledged."]
    assert 'class="message message-error"' in response.content.decode()


def test_a_viewer_sees_no_acknowledge_button(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["33.74"], title="Cek DPT")
    entry = item_of(browser_as("33.74", "viewer").get(INBOX), "Cek DPT")
    assert "Pending" in entry
    assert "Acknowledge" not in entry


def test_a_viewer_may_not_acknowledge(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    response = browser_as("33.74", "viewer").post(acknowledge_url(brief, "33.74"))
    assert response.status_code == 403
    assert Assignment.objects.get(campaign=brief).status == "pending"


def test_a_province_editor_may_not_acknowledge_for_its_regency(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    assert browser_as("33", "editor").post(acknowledge_url(brief, "33.74")).status_code == 403


def test_another_provinces_assignment_is_not_found(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["11.71"])
    response = browser_as("33.74", "editor").post(acknowledge_url(brief, "11.71"))
    assert response.status_code == 404
    assert Assignment.objects.get(campaign=brief).status == "pending"


def test_acknowledging_returns_to_the_page_named_next(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    detail = reverse("brief-detail", args=[brief.pk])
    response = browser_as("33.74", "editor").post(acknowledge_url(brief, "33.74"), {"next": detail})
    assert response["Location"] == detail


def test_next_cannot_send_the_browser_to_another_site(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    editor = browser_as("33.74", "editor")
    for target in ["https://evil.example/", "//evil.example/", "https:/evil.example"]:
        Assignment.objects.filter(campaign=brief).update(status="pending")
        response = editor.post(acknowledge_url(brief, "33.74"), {"next": target})
        assert response["Location"] == INBOX, target


def test_acknowledge_answers_only_to_post(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    response = browser_as("33.74", "editor").get(acknowledge_url(brief, "33.74"))
    assert response.status_code == 405
