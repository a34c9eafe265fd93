"""The post list (/posts/): the subtree's posts with filters and their latest figures."""

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analytics.ingest import snapshots_ingest
from content import post_list
from content.models import Post
from tests.factories import PostFactory

from .test_pages_support import browser_as_fixture, main_text  # noqa: F401 - fixture

WIB = ZoneInfo("Asia/Jakarta")
ALL_PLATFORMS = ["facebook", "instagram", "x", "youtube", "tiktok"]


def listed(response) -> list[str]:
    """Each listed post as "brief title: platform, unit"."""
    page = response.content.decode()
    return [
        f"{title}: {rest}"
        for title, rest in re.findall(
            r'<h2><a href="/posts/\d+/">([^<]+)<span class="visually-hidden">: ([^<]+)</span>',
            page,
        )
    ]


def posts_of(brief, *codes: str, platforms=("instagram",)) -> list[Post]:
    return [
        PostFactory(assignment=brief.assignments.get(satker__code=code), platform=platform)
        for code in codes
        for platform in platforms
    ]


def figures(post, when, reach: int, likes: int) -> dict:
    return {
        "post": post.pk,
        "captured_at": when.isoformat(),
        "impressions": reach * 2,
        "reach": reach,
        "likes": likes,
        "comments": 1,
        "shares": 1,
        "views": 0,
    }


def test_a_province_viewer_reads_its_regencies_posts_and_no_others(browser_as, publish_brief):
    brief = publish_brief(title="Ayo Cek DPT")
    posts_of(brief, "33.74", "33.02", "11.71")
    response = browser_as("33", "viewer").get(reverse("post-list"))
    assert sorted(listed(response)) == [
        "Ayo Cek DPT: Instagram, KPU Kabupaten Banyumas",
        "Ayo Cek DPT: Instagram, KPU Kota Semarang",
    ]
    assert "2 posts" in main_text(response)


def test_a_unit_filter_keeps_that_unit_and_those_below_it(browser_as, publish_brief, tree):
    brief = publish_brief(title="Ayo Cek DPT")
    posts_of(brief, "33.74", "33.02", "11.71")
    client = browser_as("00", "viewer")
    assert listed(client.get(reverse("post-list"), {"unit": tree("33.74").pk})) == [
        "Ayo Cek DPT: Instagram, KPU Kota Semarang"
    ]
    assert len(listed(client.get(reverse("post-list"), {"unit": tree("33").pk}))) == 2


def test_a_unit_outside_the_subtree_is_refused_and_shows_nothing_of_it(
    browser_as, publish_brief, tree
):
    brief = publish_brief()
    posts_of(brief, "33.74", "11.71")
    response = browser_as("33", "viewer").get(reverse("post-list"), {"unit": tree("11").pk})
    assert "Choose a work unit within your own subtree." in main_text(response)
    assert [row.split(", ")[-1] for row in listed(response)] == ["KPU Kota Semarang"]


def test_the_brief_platform_and_status_filters(browser_as, publish_brief, post_at):
    first = publish_brief(title="Ayo Cek DPT")
    second = publish_brief(title="Tolak Hoaks")
    posts_of(first, "33.02", platforms=ALL_PLATFORMS)
    posts_of(second, "33.02", platforms=["x"])
    published = post_at("published", platform="facebook")  # Semarang's, another brief
    client = browser_as("33", "viewer")

    def shown(**filters):
        return sorted(listed(client.get(reverse("post-list"), filters)))

    assert shown(campaign=second.pk) == ["Tolak Hoaks: X, KPU Kabupaten Banyumas"]
    assert shown(platform="x") == [
        "Ayo Cek DPT: X, KPU Kabupaten Banyumas",
        "Tolak Hoaks: X, KPU Kabupaten Banyumas",
    ]
    title = published.assignment.campaign.title
    assert shown(status="published") == [f"{title}: Facebook, KPU Kota Semarang"]


def test_publication_days_are_the_readers_own(browser_as, post_at):
    post = post_at("published")
    # 00:30 on 2 December in Jakarta is still 1 December in UTC.
    Post.objects.filter(pk=post.pk).update(published_at=datetime(2026, 12, 2, 0, 30, tzinfo=WIB))
    client = browser_as("33", "viewer")

    def shown(start, end):
        response = client.get(
            reverse("post-list"), {"published_from": start, "published_until": end}
        )
        return len(listed(response))

    assert shown("2026-12-02", "2026-12-02") == 1
    assert shown("2026-12-01", "2026-12-01") == 0


def test_a_reversed_date_range_is_named_and_its_end_ignored(browser_as, post_at):
    post = post_at("published")
    Post.objects.filter(pk=post.pk).update(published_at=datetime(2026, 11, 20, 9, tzinfo=WIB))
    response = browser_as("33", "viewer").get(
        reverse("post-list"), {"published_from": "2026-11-05", "published_until": "2026-11-01"}
    )
    assert "The end date is before the start date." in main_text(response)
    assert len(listed(response)) == 1


@pytest.mark.parametrize(
    "days", [{"published_until": "9999-12-31"}, {"published_from": "0001-01-01"}]
)
@pytest.mark.parametrize("url_name", ["post-list", "post-export"])
def test_a_day_at_the_calendars_edge_is_named_and_ignored(browser_as, post_at, days, url_name):
    post_at("published")
    response = browser_as("33", "viewer").get(reverse(url_name), days)
    if url_name == "post-list":
        assert "Choose a day in the years 2000 to 2099." in main_text(response)
        assert len(listed(response)) == 1
    else:
        assert response.status_code == 200
        assert len(b"".join(response.streaming_content).decode().splitlines()) == 2


def test_a_published_post_shows_its_latest_figures(browser_as, post_at, editor):
    post = post_at("published")
    now = timezone.now()
    Post.objects.filter(pk=post.pk).update(published_at=now - timedelta(days=1))
    snapshots_ingest(
        by=editor,
        items=[
            figures(post, now - timedelta(hours=3), reach=1_000, likes=10),
            figures(post, now - timedelta(hours=1), reach=2_500, likes=40),
        ],
        source="api",
    )
    text = main_text(browser_as("33", "viewer").get(reverse("post-list")))
    assert "Reach: 2,500" in text
    assert "Engagement: 42" in text  # 40 likes, 1 comment, 1 share


def test_a_published_post_without_figures_says_so(browser_as, post_at):
    post_at("published")
    text = main_text(browser_as("33", "viewer").get(reverse("post-list")))
    assert "No figures reported yet" in text


def test_posts_come_25_to_a_page_and_the_queries_do_not_grow(browser_as, publish_brief):
    client = browser_as("33", "viewer")

    def queries(**params) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("post-list"), params)
        return len(listed(response)), len(captured)

    brief = publish_brief()
    posts_of(brief, "33.74")
    shown_one, one = queries()
    posts_of(brief, "33.02", platforms=ALL_PLATFORMS)
    posts_of(publish_brief(), "33.74", "33.02", platforms=ALL_PLATFORMS)
    posts_of(publish_brief(), "33.74", "33.02", platforms=ALL_PLATFORMS)
    shown_full, full = queries()
    assert (shown_one, shown_full) == (1, 25)
    assert full == one
    assert queries(page=2)[0] == 1 + 5 + 10 + 10 - 25


def test_with_nothing_written_the_list_says_where_posts_come_from(browser_as):
    text = main_text(browser_as("33.74", "editor").get(reverse("post-list")))
    assert "No posts yet." in text


def test_a_brief_links_to_its_posts(browser_as, publish_brief):
    brief = publish_brief()
    page = browser_as("33", "viewer").get(reverse("brief-detail", args=[brief.pk]))
    assert f'href="{reverse("post-list")}?campaign={brief.pk}"' in page.content.decode()


def test_every_role_finds_the_list_in_the_menu(browser_as):
    page = browser_as("33.74", "viewer").get(reverse("home")).content.decode()
    assert f'<a href="{reverse("post-list")}">Posts</a>' in page


def exported(client, **filters) -> list[list[str]]:
    response = client.get(reverse("post-export"), filters)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_list_downloads_as_csv_with_its_filters_and_figures(
    browser_as, publish_brief, post_at, editor
):
    post = post_at("published")
    Post.objects.filter(pk=post.pk).update(published_at=datetime(2026, 11, 20, 9, 15, tzinfo=WIB))
    snapshots_ingest(
        by=editor, items=[figures(post, timezone.now(), reach=700, likes=20)], source="api"
    )
    posts_of(publish_brief(), "33.02", "11.71", platforms=["x"])
    client = browser_as("33", "viewer")
    rows = exported(client, status="published")
    assert rows[0][:2] == ["Post", "Voter-education brief"]
    assert rows[1:] == [
        [
            str(post.pk),
            post.assignment.campaign.title,
            "33.74",
            "KPU Kota Semarang",
            "Instagram",
            "Published",
            "2026-11-20 09:15",
            post.url,
            "700",
            "22",
        ]
    ]
    everything = exported(client)
    assert sorted(row[2] for row in everything[1:]) == ["33.02", "33.74"]  # not Banda Aceh


def test_a_list_too_long_to_download_asks_to_narrow_it(browser_as, publish_brief, monkeypatch):
    monkeypatch.setattr(post_list, "EXPORT_MAX", 1)
    posts_of(publish_brief(), "33.74", "33.02")
    client = browser_as("33", "viewer")
    response = client.get(reverse("post-export"), {"platform": "instagram"}, follow=True)
    assert response.redirect_chain == [(f"{reverse('post-list')}?platform=instagram", 302)]
    assert "This list has 2 posts; a download holds at most 1." in main_text(response)


def test_the_page_links_to_its_download_with_its_filters(browser_as, publish_brief):
    posts_of(publish_brief(), "33.74")
    page = browser_as("33", "viewer").get(reverse("post-list"), {"platform": "instagram"})
    assert f'href="{reverse("post-export")}?platform=instagram"' in page.content.decode()


@pytest.mark.parametrize(("code", "offered"), [("33", True), ("33.74", False)])
def test_the_unit_filter_is_offered_only_above_other_units(browser_as, code, offered):
    response = browser_as(code, "viewer").get(reverse("post-list"))
    assert ("unit" in response.context["filters"].fields) is offered
    assert ("and the units below it" in main_text(response)) is offered
