"""Shared helpers of the brief pages' tests (no tests of its own).

Test modules import the fixture ``browser_as`` (as ``browser_as_fixture``: pytest
knows it by its ``name``) and the helpers below. Pages are read as a person reads
them: ``seen(response)`` is the page's text without its markup.
"""

import html
import re
import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from campaigns import services
from tests.factories import CampaignFactory

LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # what a datetime-local input sends


@pytest.fixture(name="browser_as")
def browser_as_fixture(make_user):
    """``browser_as("33.74", "editor")``: an English browser signed in as a new user there.

    The signed-in person is ``client.user``.
    """

    def signed_in(code: str, role: str = "viewer", **fields) -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.user = make_user(code, role, **fields)
        client.force_login(client.user)
        return client

    return signed_in


def seen(response) -> str:
    """The page's visible text: tags, scripts and styles removed, spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page)).strip()


def main_text(response) -> str:
    """The visible text of the page's <main>, without the header and menu."""
    page = response.content.decode()
    match = re.search(r"<main\b.*?</main>", page, flags=re.S)
    assert match, "the page has no <main>"
    return seen(type("Page", (), {"content": match.group(0).encode()}))


def shown_messages(response) -> list[str]:
    """The flash messages a person sees after following a redirect."""
    return [str(message) for message in response.context["messages"]]


def error_summary(response) -> str:
    """The text of the page's error summary ("" when there is none)."""
    page = response.content.decode()
    match = re.search(r'<div class="error-summary".*?</div>', page, flags=re.S)
    return seen(type("Page", (), {"content": match.group(0).encode()})) if match else ""


def local(moment: datetime, zone: str = "Asia/Jakarta") -> str:
    """``moment`` as a datetime-local input sends it from a unit in ``zone``."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(zone)).strftime(LOCAL_INPUT)


def brief_form(**overrides) -> dict:
    """A valid brief as the browser form posts it; keyword arguments replace fields.

    A value of None leaves the field out, as an unticked box or empty list does.
    """
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    data = {
        "title": "Ayo cek DPT",
        "summary": "Ajak pemilih memeriksa namanya di Daftar Pemilih Tetap.",
        "key_messages": "Cek nama Anda di cekdptonline.kpu.go.id\nAjak keluarga ikut",
        "hashtags": "#PemiluDamai #CekDPT",
        "guidance": "Gunakan bahasa yang netral. Jangan menyebut partai.",
        "platforms": ["instagram", "x"],
        "priority": "normal",
        "starts_at": local(starts),
        "due_at": local(starts + timedelta(days=7)),
        "deadline_hours": "",
        "scope_mode": "subtree",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def draft_at(tree, code: str = "00", **fields):
    """A draft brief of the unit ``code``."""
    return CampaignFactory(satker=tree(code), **fields)


def published_at(tree, make_user, code: str = "00", units=(), **fields):
    """A brief of the unit ``code``, published by an approver there.

    ``units`` (codes) addresses it to those units only.
    """
    if units:
        fields["scope_mode"] = "units"
    brief = draft_at(tree, code, **fields)
    brief.scope_units.set([tree(unit) for unit in units])
    services.campaign_publish(campaign=brief, by=make_user(code, "approver"))
    brief.refresh_from_db()
    return brief
