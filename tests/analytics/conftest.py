"""Shared set-up of the metrics tests.

A national brief addressed to KPU Kota Semarang (33.74), its sibling Banyumas
(33.02) and Banda Aceh (11.71); ``published(code, platform)`` makes a published
post of one of them, written straight to the database. Semarang's editor reports.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from campaigns import services as brief_services
from content.choices import PostStatus
from tests.factories import CampaignFactory, PostFactory

REGENCIES = ["33.74", "33.02", "11.71"]
ALL_PLATFORMS = ["facebook", "instagram", "x", "youtube", "tiktok"]
FIGURES = {"impressions": 1200, "reach": 900, "likes": 80, "comments": 7, "shares": 5, "views": 640}


@pytest.fixture
def brief(tree, make_user):
    brief = CampaignFactory(satker=tree("00"), scope_mode="units", platforms=ALL_PLATFORMS)
    brief.scope_units.set([tree(code) for code in REGENCIES])
    brief_services.campaign_publish(campaign=brief, by=make_user("00", "approver"))
    return brief


@pytest.fixture
def published(brief):
    """``published("33.74", "instagram")``: a post published ten days ago."""

    def make(code="33.74", platform="instagram", status=PostStatus.PUBLISHED, **fields):
        assignment = brief.assignments.get(satker__code=code)
        if status == PostStatus.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - timedelta(days=10))
            fields.setdefault("url", f"https://www.{platform}.com/p/kpu-{code}-{platform}")
        return PostFactory(assignment=assignment, platform=platform, status=status, **fields)

    return make


@pytest.fixture
def post(published):
    """Semarang's published Instagram post."""
    return published()


@pytest.fixture
def editor(make_user):
    """An editor of KPU Kota Semarang."""
    return make_user("33.74", "editor")


@pytest.fixture
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def api_for():
    def client(user) -> APIClient:
        signed_in = APIClient()
        signed_in.force_authenticate(user)
        return signed_in

    return client


def item(post, captured_at=None, **figures) -> dict:
    """An API item for ``post``, captured an hour ago unless told."""
    moment = captured_at or timezone.now().replace(microsecond=0) - timedelta(hours=1)
    return {
        "post": post.pk,
        "captured_at": moment.isoformat() if hasattr(moment, "isoformat") else moment,
        **FIGURES,
        **figures,
    }
