"""Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

One browser for the session, a fresh context (cookies, language) for every test.
Without /usr/bin/chromium these tests skip, except on CI, where they fail.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise
# refuse the test's own database calls (make_user) as "called from an async context".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package for browser tests."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # Indonesian, as most of the portal's people have it; the portal would follow an
    # English browser's Accept-Language until someone picks a language.
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def english_page(page, live_server):
    """A page whose portal speaks English (the language cookie set)."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    return page
