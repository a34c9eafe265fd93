"""Shared helpers of the campaigns/ and assignments/ API tests (no tests of its own).

Test modules import from here the fixtures ``api`` and ``api_as`` (as
``*_fixture``: pytest knows them by their ``name``, so a test's argument does not
shadow the import), and the helpers ``brief_payload`` and ``published_brief``.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from campaigns import services
from tests.factories import CampaignFactory


@pytest.fixture(name="api")
def api_fixture():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture(name="api_as")
def api_as_fixture(make_user):
    """``api_as("33", "editor")``: a client signed in as a new user there."""

    def client(code: str, role: str = "viewer") -> APIClient:
        signed_in = APIClient()
        signed_in.force_authenticate(make_user(code, role))
        return signed_in

    return client


def brief_payload(**overrides) -> dict:
    """A valid brief as a client sends it; keyword arguments replace or add fields."""
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=1)
    payload = {
        "title": "Ayo cek DPT",
        "summary": "Ajak pemilih memeriksa namanya di Daftar Pemilih Tetap.",
        "key_messages": ["Cek nama Anda di cekdptonline.kpu.go.id"],
        "hashtags": ["#PemiluDamai", "#CekDPT"],
        "guidance": "Gunakan bahasa yang netral. Jangan menyebut partai.",
        "segments": ["first_time", "young"],
        "platforms": ["instagram", "x"],
        "starts_at": starts_at.isoformat(),
        "due_at": (starts_at + timedelta(days=7)).isoformat(),
        "priority": "normal",
    }
    payload.update(overrides)
    return payload


def published_brief(tree, make_user, code: str = "00", units=(), **fields):
    """A brief of the unit ``code``, published by an approver there.

    ``units`` (codes) addresses it to those units only.
    """
    if units:
        fields["scope_mode"] = "units"
    brief = CampaignFactory(satker=tree(code), **fields)
    brief.scope_units.set([tree(unit) for unit in units])
    services.campaign_publish(campaign=brief, by=make_user(code, "approver"))
    brief.refresh_from_db()
    return brief
