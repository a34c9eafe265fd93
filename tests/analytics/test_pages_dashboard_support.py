"""Shared set-up of the dashboard page and export tests (no tests of its own).

``dash_world``: two published national briefs and their roll-ups.
- "Cek DPT" reaches all 552 units, targets young and first-time voters, is due in a
  week; published four days ago at 08:00 WIB. Semarang (33.74) published on
  Instagram and X, Banyumas (33.02) and Banda Aceh (11.71) on Instagram, that day
  between 14:00 and 23:00, each with snapshots at 10:00 two days ago and yesterday.
- "Hoaks" reaches Semarang, Banyumas and Banda Aceh only, targets no segment and
  is overdue; nobody published.
Posts are written straight to the database (as in the metrics tests), snapshots go
through the ingest service, and ``analytics.rollup.rollup_rebuild`` stores the
roll-ups the dashboard reads.
"""

import csv
import io
import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from analytics.ingest import snapshots_ingest
from analytics.rollup import rollup_rebuild
from campaigns import services as brief_services
from campaigns.models import Campaign, VoterSegment
from content.choices import PostStatus
from content.progress import sync_assignment
from tests.factories import CampaignFactory, PostFactory

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
REGENCIES = ["33.74", "33.02", "11.71"]
POSTS = [("33.74", "instagram"), ("33.74", "x"), ("33.02", "instagram"), ("11.71", "instagram")]


def figures(scale: int) -> dict:
    return {
        "impressions": 100 * scale,
        "reach": 50 * scale,
        "likes": 10 * scale,
        "comments": 2 * scale,
        "shares": scale,
        "views": 40 * scale,
    }


def days_ago(days: int, hour: int) -> datetime:
    """A moment ``days`` before today at ``hour`` o'clock WIB: whatever the time of day."""
    today = timezone.localdate(timezone=WIB)
    return datetime.combine(today - timedelta(days=days), time(hour), tzinfo=WIB)


def publish(brief, approver, published_at: datetime):
    brief_services.campaign_publish(campaign=brief, by=approver)
    Campaign.objects.filter(pk=brief.pk).update(published_at=published_at)
    brief.refresh_from_db()
    return brief


def published_post(brief, code: str, platform: str, hours_after: int):
    assignment = brief.assignments.get(satker__code=code)
    post = PostFactory(
        assignment=assignment,
        platform=platform,
        status=PostStatus.PUBLISHED,
        published_at=brief.published_at + timedelta(hours=hours_after),
        url=f"https://www.{platform}.com/p/kpu-{code}-{platform}",
    )
    sync_assignment(assignment.pk)
    return post


def report(post, editor, captured_at, scale: int) -> None:
    item = {"post": post.pk, "captured_at": captured_at.isoformat(), **figures(scale)}
    snapshots_ingest(by=editor, items=[item], source="api")


@pytest.fixture
def dash_world(tree, make_user):
    national = make_user("00", "approver")
    cek_dpt = CampaignFactory(satker=tree("00"), title="Cek DPT")
    cek_dpt.segments.set(VoterSegment.objects.filter(code__in=["young", "first_time"]))
    publish(cek_dpt, national, days_ago(4, 8))
    hoaks = CampaignFactory(satker=tree("00"), title="Hoaks", scope_mode="units")
    hoaks.scope_units.set([tree(code) for code in REGENCIES])
    publish(hoaks, national, days_ago(5, 8))
    Campaign.objects.filter(pk=hoaks.pk).update(
        starts_at=timezone.now() - timedelta(days=5), due_at=timezone.now() - timedelta(days=1)
    )
    editors = {code: make_user(code, "editor") for code in REGENCIES}
    posts = []
    for hours, (code, platform) in enumerate(POSTS, start=2):
        # Published on day -4 between 14:00 and 23:00 WIB; figures on days -2 and -1.
        post = published_post(cek_dpt, code, platform, hours * 3)
        posts.append(post)
        report(post, editors[code], days_ago(2, 10), hours)
        report(post, editors[code], days_ago(1, 10), hours * 10)
    rollup_rebuild()
    return {"cek_dpt": cek_dpt, "hoaks": hoaks, "posts": posts, "editors": editors}


@pytest.fixture
def client_as(client, make_user):
    """``client_as("33", "viewer")``: the test client, signed in as a new user there."""

    def sign_in(code: str, role: str = "viewer", **fields):
        user = make_user(code, role, **fields)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def api_of(make_user):
    def api(code: str) -> APIClient:
        signed_in = APIClient()
        signed_in.force_authenticate(make_user(code, "viewer"))
        return signed_in

    return api


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
