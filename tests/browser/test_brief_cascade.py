"""In a real browser: a brief goes from the centre to a regency and back as progress."""

import re
import zoneinfo
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def open_menu(page, label: str) -> None:
    """Follow the main menu's item ``label`` (pages may link elsewhere with like names)."""
    page.locator("nav.site-nav").get_by_role("link", name=label).click()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


@pytest.mark.browser
def test_a_brief_travels_from_the_centre_to_a_regency_and_its_acknowledgement_shows(
    english_page, make_user
):
    page = english_page
    make_user("00", "editor", username="pusat.editor")
    make_user("00", "approver", username="pusat.approver")
    make_user("33.74", "editor", username="semarang.editor")
    due = (datetime.now(WIB) + timedelta(days=3)).replace(hour=17, minute=0)

    sign_in(page, "pusat.editor")
    open_menu(page, "Voter-education briefs")
    page.get_by_role("link", name="Write a brief").click()
    page.get_by_label("Title").fill("Tolak hoaks surat suara tercoblos")
    page.get_by_label("Summary").fill("Jelaskan bahwa kabar surat suara tercoblos adalah hoaks.")
    page.get_by_label("Key messages").fill("Surat suara dijaga ketat\nLaporkan hoaks ke KPU")
    page.get_by_label("Required hashtags").fill("#LawanHoaks #PemiluDamai")
    page.get_by_label("Instagram").check()
    page.get_by_label("Start").fill(datetime.now(WIB).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile(r"^Due\b")).fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tolak hoaks surat suara tercoblos")
    expect(page.get_by_text("Preview:")).to_be_visible()
    expect(page.get_by_role("button", name="Publish to the units")).to_have_count(0)
    brief_url = page.url
    sign_out(page)

    sign_in(page, "pusat.approver")
    page.goto(brief_url)
    page.get_by_role("button", name="Publish to the units").click()
    expect(page.get_by_text("Published: 552 new assignments.")).to_be_visible()
    progress_url = page.url
    sign_out(page)

    sign_in(page, "semarang.editor")
    open_menu(page, "Assignments")
    item = page.locator(".inbox-item", has_text="Tolak hoaks surat suara tercoblos")
    expect(item).to_contain_text("17:00")
    expect(item).to_contain_text("WIB")
    item.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged.")).to_be_visible()
    expect(page.locator(".inbox-item").first).to_contain_text("Acknowledged")
    sign_out(page)

    sign_in(page, "pusat.approver")
    page.goto(progress_url)
    jawa_tengah = page.locator('.progress-row[data-unit="33"]')
    expect(jawa_tengah).to_contain_text("1/36 acknowledged")
    expect(page.locator(".progress-row").first).to_contain_text("1/552 acknowledged")
