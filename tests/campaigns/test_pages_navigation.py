"""The main menu's brief items: for everyone signed in; voter segments for national admins."""

import re

import pytest
from django.urls import reverse

from .test_pages_support import browser_as_fixture  # noqa: F401 - fixtures

BRIEF_ITEMS = {
    reverse("inbox"): "Assignments",
    reverse("brief-list"): "Voter-education briefs",
    reverse("notifications"): "Notifications",
}
SEGMENTS = reverse("segment-list")


def menu(client, path: str = "/") -> dict[str, str]:
    """{link: label} of the main menu on the page at ``path``."""
    page = client.get(path).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S)
    if nav is None:
        return {}
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)', nav.group(0))
    return {href: label.strip() for href, label in links}


@pytest.mark.parametrize("role", ["viewer", "editor", "approver", "admin"])
@pytest.mark.parametrize("code", ["33", "33.74"])
def test_everyone_below_the_centre_has_the_brief_items(browser_as, code, role):
    items = menu(browser_as(code, role))
    assert {href: items.get(href) for href in BRIEF_ITEMS} == BRIEF_ITEMS


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_the_centre_receives_no_assignments_so_has_no_assignments_item(browser_as, role):
    items = menu(browser_as("00", role))
    assert reverse("inbox") not in items
    assert items[reverse("brief-list")] == "Voter-education briefs"


@pytest.mark.parametrize(("code", "shown"), [("00", True), ("33", True), ("33.74", False)])
def test_only_approvers_above_other_units_have_the_review_queue(browser_as, code, shown):
    assert (reverse("review-queue") in menu(browser_as(code, "approver"))) is shown


def test_a_national_admin_has_the_voter_segments_item(browser_as):
    assert menu(browser_as("00", "admin"))[SEGMENTS] == "Voter segments"


@pytest.mark.parametrize(
    ("code", "role"), [("00", "approver"), ("33", "admin"), ("33.74", "admin")]
)
def test_nobody_else_has_the_voter_segments_item(browser_as, code, role):
    assert SEGMENTS not in menu(browser_as(code, role))


def test_signed_out_visitors_have_no_brief_items(client, tree):
    assert menu(client, reverse("login")) == {}


def test_the_current_page_is_marked_in_the_menu(browser_as):
    page = browser_as("33.74", "editor").get(reverse("inbox")).content.decode()
    assert f'<a href="{reverse("inbox")}" aria-current="page">' in page


def test_a_briefs_page_marks_the_briefs_item(browser_as, tree):
    from .test_pages_support import draft_at

    brief = draft_at(tree, "00")
    page = browser_as("00", "editor").get(reverse("brief-detail", args=[brief.pk])).content
    assert f'<a href="{reverse("brief-list")}" aria-current="page">'.encode() in page


def test_the_menu_reads_in_indonesian_by_default(client, make_user):
    client.force_login(make_user("33.74", "editor"))
    items = menu(client)
    assert items[reverse("inbox")] == "Penugasan"
    assert items[reverse("brief-list")] == "Program Sosialisasi"
