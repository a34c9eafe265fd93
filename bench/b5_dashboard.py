"""B5: the national and a province dashboard, as GET /api/v1/dashboard/{id}/ and as
the page itself.

The API through Django's test client (token authentication, as API clients send it;
the queries include the token lookup), for every brief summed (no ?campaign=) and
for one brief: server time of 100 requests answered again from the page cache
(analytics.page_cache) and of 30 computed afresh (the cache emptied before each,
as after every roll-up run), uninstrumented, and the queries of one more of each;
then requests per second, p50 and p95 under gunicorn (2 sync workers) loaded by
wrk over loopback. The answer must agree with the roll-up rows (and B3/B4 checked
those against a recompute from source). Needs the roll-ups: run after B3, or it
rebuilds them. Then the page (HTML, signed in, gzip) the same way, with its bytes
and requests per second under gunicorn with the session's cookie. The target is
read on the answers given again (what leadership reloading a dashboard gets
between roll-up runs); the fresh ones are recorded beside them.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count
from django.http import HttpResponse
from django.test import Client, override_settings

from analytics import page_cache, rollup
from analytics.rollup_models import Rollup, RollupScope, RollupTotal
from campaigns.models import Campaign
from content.models import Post
from satker.models import Satker

from .b3_rollup import rollup_totals
from .measure import Results, load_row, measured, percentile

TIMES = 100
FRESH_TIMES = 30
# The bench serves no collected static files: pages name them unhashed.
PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def _again_and_fresh(get: Callable[[], HttpResponse]) -> tuple[dict, HttpResponse]:
    """Server time of TIMES answers given again from the page cache and of FRESH_TIMES
    computed afresh (the cache emptied before each, as after a roll-up run commits),
    uninstrumented; then the queries of one more of each (Django's query log formats
    every statement: it would add to the time). Returns the figures and the last
    answer given again."""
    kept = caches[page_cache.ALIAS]

    def timed(fresh: bool) -> float:
        if fresh:
            kept.clear()
        started = time.perf_counter()
        response = get()
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.content[:300]
        return elapsed

    get()
    again = [timed(fresh=False) for _ in range(TIMES)]
    fresh = [timed(fresh=True) for _ in range(FRESH_TIMES)]
    with measured() as counted_again:
        answer = get()
    kept.clear()
    with measured() as counted_fresh:
        get()
    figures = {
        "p50_ms": round(percentile(again, 0.5) * 1000, 2),
        "p95_ms": round(percentile(again, 0.95) * 1000, 2),
        "queries": counted_again.queries,
        "fresh_p50_ms": round(percentile(fresh, 0.5) * 1000, 2),
        "fresh_p95_ms": round(percentile(fresh, 0.95) * 1000, 2),
        "fresh_queries": counted_fresh.queries,
    }
    return figures, answer


def _time(client: Client, token: str, url: str) -> tuple[dict, dict]:
    """The API answer at ``url`` (token authentication): figures and the answer."""
    figures, answer = _again_and_fresh(lambda: client.get(url, HTTP_AUTHORIZATION=f"Token {token}"))
    return figures, answer.json()


def _page(client: Client, url: str) -> dict:
    """The HTML page as a signed-in browser asks for it (gzip accepted), and the bytes
    sent against the page's size."""
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC}):
        figures, sent = _again_and_fresh(lambda: client.get(url, HTTP_ACCEPT_ENCODING="gzip"))
        plain = client.get(url)
    return {
        **figures,
        "html_bytes": len(plain.content),
        "sent_bytes": len(sent.content),
        "content_encoding": sent.get("Content-Encoding", ""),
    }


def _pages(results: Results, viewer, cases: list[tuple[str, str]], server, wrk, seconds) -> dict:
    """The dashboard page itself: served again (what the target reads, beside the API)
    and rendered afresh (after every roll-up run; for the record)."""
    client = Client()
    client.force_login(viewer)
    pages = {}
    for label, url in cases:
        page = pages[label] = _page(client, url)
        results.row(
            "B5",
            f"page {label} (HTML, signed in), served again",
            f"p95 {page['p95_ms']:.1f} ms",
            f"p50 {page['p50_ms']:.1f} ms, {page['queries']} queries, "
            f"{page['html_bytes'] / 1024:.0f} KB ({page['sent_bytes'] / 1024:.0f} KB gzip)",
        )
        results.row(
            "B5",
            "  rendered afresh (after a roll-up run)",
            f"p95 {page['fresh_p95_ms']:.1f} ms",
            f"p50 {page['fresh_p50_ms']:.1f} ms, {page['fresh_queries']} queries",
        )
        if server is not None and wrk is not None and "brief" not in label:
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
            headers = {"Cookie": cookie, "Accept-Encoding": "gzip"}
            load = wrk(f"{server.url}{url}", None, seconds, connections=4, headers=headers)
            page["gunicorn"] = load
            load_row(results, "B5", "  under gunicorn (2 workers, 4 connections)", load)
    return pages


def run(results: Results, subjects: dict, server=None, wrk=None, load_seconds: int = 8) -> None:
    if not Rollup.objects.exists():
        rollup.rollup_rebuild()
    root = subjects["root"]
    busiest = (
        Post.objects.filter(satker__level=2)
        .values("satker__parent_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["satker__parent_id"]
    )
    province = Satker.objects.get(pk=busiest)
    campaign = Campaign.objects.order_by("-published_at").first()
    token = subjects["token"]
    client = Client()
    figures = {"province": province.code, "campaign": campaign.pk, "requests": TIMES}
    cases = [
        ("national", root, ""),
        ("national, one brief", root, f"?campaign={campaign.pk}"),
        (f"province {province.code}", province, ""),
        (f"province {province.code}, one brief", province, f"?campaign={campaign.pk}"),
    ]
    worst_p95, worst_queries = 0.0, 0
    for label, unit, query in cases:
        url = f"/api/v1/dashboard/{unit.pk}/{query}"
        entry, body = _time(client, token, url)
        if not query:  # the answer agrees with the stored roll-ups
            stored = rollup_totals([unit.pk])[unit.pk]
            assert body["total"] == stored[0] and body["engagement"]["impressions"] == stored[-6]
        worst_p95 = max(worst_p95, entry["p95_ms"] / 1000)
        worst_queries = max(worst_queries, entry["queries"])
        shown = [unit, *unit.get_children()]
        if query:  # one brief: the subtree rows of that brief
            rows = Rollup.objects.filter(
                scope=RollupScope.SUBTREE, satker__in=shown, campaign=campaign
            )
        else:  # every brief: the all-briefs totals
            rows = RollupTotal.objects.filter(satker__in=shown)
        results.row(
            "B5",
            f"dashboard {label} ({rows.count():,} roll-up rows), answered again",
            f"p95 {entry['p95_ms']:.1f} ms",
            f"p50 {entry['p50_ms']:.1f} ms, {entry['queries']} queries",
        )
        results.row(
            "B5",
            "  computed afresh (after a roll-up run)",
            f"p95 {entry['fresh_p95_ms']:.1f} ms",
            f"p50 {entry['fresh_p50_ms']:.1f} ms, {entry['fresh_queries']} queries",
        )
        entry.update(rollup_rows_read=rows.count(), children=len(body["children"]))
        if server is not None and wrk is not None and label in ("national", cases[2][0]):
            load = wrk(f"{server.url}{url}", token, load_seconds, connections=4)
            entry["gunicorn"] = load
            load_row(results, "B5", f"  {label} under gunicorn (2 workers, 4 connections)", load)
        figures[label] = entry
    page_cases = [
        ("national", f"/dashboard/{root.pk}/"),
        ("national, one brief", f"/dashboard/{root.pk}/?campaign={campaign.pk}"),
        (f"province {province.code}", f"/dashboard/{province.pk}/"),
    ]
    pages = _pages(results, subjects["viewer"], page_cases, server, wrk, load_seconds)
    figures["pages"] = pages
    results.figures["B5"] = figures
    page_p95 = max(page["p95_ms"] for page in pages.values()) / 1000
    page_queries = max(page["queries"] for page in pages.values())
    results.target(
        "B5",
        "p95 under 10 ms with at most 5 queries (server time, test client)",
        f"answered again: API worst p95 {worst_p95 * 1000:.1f} ms, at most {worst_queries} "
        f"queries; page worst p95 {page_p95 * 1000:.1f} ms, at most {page_queries} queries",
        max(worst_p95, page_p95) < 0.010 and max(worst_queries, page_queries) <= 5,
    )
