"""A refused form: the focus moves to its error summary, whose every link reaches its
field (a group of checkboxes included)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .test_brief_cascade import sign_in


@pytest.mark.browser
def test_a_refused_brief_focuses_the_summary_and_each_link_reaches_its_field(
    english_page, make_user, live_server
):
    make_user("00", "editor", username="pusat.editor")
    sign_in(english_page, "pusat.editor")
    english_page.goto(f"{live_server.url}{reverse('brief-create')}")
    english_page.locator("main form button[type=submit]").last.click()
    summary = english_page.locator(".error-summary")
    expect(summary).to_be_focused()
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.hash.slice(1))")
    assert targets, "the summary names the fields in trouble"
    missing = [t for t in targets if english_page.locator(f"[id='{t}']").count() == 0]
    assert missing == []
