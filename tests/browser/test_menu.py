"""The main menu on a phone is folded behind "Menu"; on a wide screen it is open."""

import pytest
from playwright.sync_api import expect

from .test_brief_cascade import sign_in


@pytest.mark.browser
def test_a_phone_opens_the_folded_menu(english_page, make_user):
    make_user("33.74", "editor", username="semarang.editor")
    english_page.set_viewport_size({"width": 390, "height": 844})
    sign_in(english_page, "semarang.editor")
    posts = english_page.get_by_role("link", name="Posts", exact=True)
    expect(posts).to_be_hidden()
    english_page.get_by_text("Menu: Home").click()
    posts.click()
    expect(english_page.get_by_role("heading", level=1)).to_have_text("Posts")


@pytest.mark.browser
def test_a_wide_screen_shows_the_menu_open(english_page, make_user):
    make_user("33.74", "editor", username="semarang.editor")
    sign_in(english_page, "semarang.editor")
    expect(english_page.get_by_role("link", name="Posts", exact=True)).to_be_visible()
    expect(english_page.get_by_text("Menu: Home")).to_be_hidden()
