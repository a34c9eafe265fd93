"""In a real browser: a regency editor signs in, sees its own unit, switches language."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

OTHER_UNITS = [
    "KPU Republik Indonesia",
    "KPU Provinsi Jawa Tengah",
    "KPU Kabupaten Banyumas",
    "KIP Aceh",
]


def switch_language(page, label: str, language: str, button: str) -> None:
    page.get_by_label(label, exact=True).select_option(language)
    page.get_by_role("button", name=button).click()


@pytest.mark.browser
def test_a_regency_editor_signs_in_sees_its_unit_and_switches_language(page, make_user):
    make_user("33.74", "editor", username="semarang.editor")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.get_by_label("Nama pengguna").fill("semarang.editor")
    page.get_by_label(re.compile(r"^Sandi")).fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Beranda")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Satuan Kerja Anda")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("WIB")
    expect(page.locator("main .unit-name")).to_have_text(["KPU Kota Semarang"])
    for name in OTHER_UNITS:
        expect(page.get_by_text(name)).to_have_count(0)

    switch_language(page, "Bahasa", "en", "Ganti bahasa")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading).to_have_text("Home")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator("main .unit-name")).to_have_text(["KPU Kota Semarang"])

    switch_language(page, "Language", "id", "Change language")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(heading).to_have_text("Beranda")
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
