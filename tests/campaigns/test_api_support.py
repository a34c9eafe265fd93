"""Shared helpers of the campaigns/ and assignments/ API tests (no tests of its own).

Test modules import from here the helpers ``brief_payload`` and ``published_brief``;
the ``api`` and ``api_as`` fixtures come from tests/conftest.py.
"""

from datetime import timedelta

from django.utils import timezone

from campaigns import services
from tests.factories import CampaignFactory


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
