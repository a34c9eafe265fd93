"""B6: GET /api/v1/posts/, 50 a page, filtered by subtree, platform (and date).

The subtree is the caller's scope: a national viewer sees every unit's posts; the
date is ``published_after`` (posts published from the second week of the period
on). Page 1 against a deep
page (page 2,000 when the filtered list has that many pages, else its last page),
server time and queries through the test client, then requests per second of page
1 under gunicorn (see b5_dashboard for the server).

The posts table is vacuumed first, and what was found is recorded: the list's
count and its OFFSET read the covering index alone only on pages PostgreSQL's
visibility map marks all-visible. Production's autovacuum keeps a table that is
mostly read in that state; the generator bulk-loads the posts and only ANALYZEs,
and a server with autovacuum off (as CI's) would leave them unmarked, which no
running portal sees for long.
"""

import time
from urllib.parse import quote

from django.db import connection
from django.test import Client

from content.models import Post

from .measure import Results, load_row, measured, ms, percentile, ratio

PAGE = 50
DEEP_PAGE = 2000
PLATFORM = "instagram"
PUBLISHED_AFTER = "2023-12-05T00:00:00+07:00"


def _time_page(client: Client, token: str, url: str, times: int) -> tuple[list[float], int]:
    """Server time of ``times`` requests, uninstrumented; then one counting queries."""
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    client.get(url, **headers)  # warm
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        response = client.get(url, **headers)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
    with measured() as counted:
        client.get(url, **headers)
    return seconds, counted.queries


def _time_html(client: Client, url: str, times: int) -> tuple[list[float], int]:
    """As _time_page, for a page read with the client's session."""
    client.get(url)  # warm
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
    with measured() as counted:
        client.get(url)
    return seconds, counted.queries


def _html_pages(results: Results, viewer) -> dict:
    """The Posts page (HTML, 25 a page, every post of the viewer's subtree with each
    one's latest figures): page 1 and page DEEP_PAGE (or the last). Informational."""
    from content.post_list import POSTS_PER_PAGE

    client = Client()
    client.force_login(viewer)
    pages = max(1, -(-Post.objects.count() // POSTS_PER_PAGE))
    deep = min(DEEP_PAGE, pages)
    figures = {}
    for label, page in (("page1", 1), ("deep", deep)):
        seconds, queries = _time_html(client, f"/posts/?page={page}", 10)
        figures[f"{label}_p50_ms"] = round(percentile(seconds, 0.5) * 1000, 2)
        figures[f"{label}_queries"] = queries
        results.row(
            "B6",
            f"  Posts page (HTML, all posts) page {page:,}",
            ms(percentile(seconds, 0.5)),
            f"p95 {ms(percentile(seconds, 0.95))}, {queries} queries",
        )
    figures["deep_page"] = deep
    return figures


def _all_visible_share() -> float:
    """The share of the posts table's pages the visibility map marks all-visible."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relallvisible::float / GREATEST(relpages, 1) FROM pg_class "
            "WHERE oid = %s::regclass",
            [Post._meta.db_table],
        )
        return round(min(1.0, cursor.fetchone()[0]), 3)


def _vacuum_posts() -> dict:
    """VACUUM (ANALYZE) the posts table, as autovacuum would; the state before and after."""
    before = _all_visible_share()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(Post._meta.db_table)}")
    return {
        "all_visible_before": before,
        "all_visible_after": _all_visible_share(),
        "vacuum_seconds": round(time.perf_counter() - started, 1),
    }


def run(
    results: Results, token: str, viewer, server=None, wrk=None, load_seconds: int = 10
) -> None:
    from satker import scope

    vacuum = _vacuum_posts()
    results.row(
        "B6",
        "  posts vacuumed first (pages all-visible)",
        f"{vacuum['all_visible_before']:.0%} -> {vacuum['all_visible_after']:.0%}",
        f"{vacuum['vacuum_seconds']} s",
    )

    filtered = scope.visible(viewer, Post).filter(
        platform=PLATFORM, published_at__gte=PUBLISHED_AFTER
    )
    matching = filtered.count()
    pages = max(1, -(-matching // PAGE))
    deep = min(DEEP_PAGE, pages)
    base = f"/api/v1/posts/?platform={PLATFORM}&published_after={quote(PUBLISHED_AFTER)}"
    client = Client()
    first, first_queries = _time_page(client, token, f"{base}&page=1", 15)
    deeper, deep_queries = _time_page(client, token, f"{base}&page={deep}", 15)
    # Same rows either way: the first and the deep page agree with the database's order.
    body = client.get(f"{base}&page={deep}", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert body["count"] == matching, (body["count"], matching)
    expected = list(
        filtered.order_by("-updated_at", "-pk").values_list("pk", flat=True)[
            (deep - 1) * PAGE : deep * PAGE
        ]
    )
    assert [row["id"] for row in body["results"]] == expected

    p1, pd = percentile(first, 0.5), percentile(deeper, 0.5)
    slower = ratio(pd, p1)
    results.row(
        "B6",
        f"posts/ page 1 ({matching:,} match, {pages:,} pages)",
        ms(p1),
        f"p95 {ms(percentile(first, 0.95))}, {first_queries} queries",
    )
    results.row(
        "B6",
        f"posts/ page {deep:,}",
        ms(pd),
        f"p95 {ms(percentile(deeper, 0.95))}, {deep_queries} queries",
    )
    results.row("B6", f"  page {deep:,} / page 1", f"{slower}x")
    figures = {
        "filter": {
            "scope": viewer.satker.code,
            "platform": PLATFORM,
            "published_after": PUBLISHED_AFTER,
        },
        "matching": matching,
        "pages": pages,
        "deep_page": deep,
        "page1_p50_ms": round(p1 * 1000, 2),
        "page1_p95_ms": round(percentile(first, 0.95) * 1000, 2),
        "page1_queries": first_queries,
        "deep_p50_ms": round(pd * 1000, 2),
        "deep_p95_ms": round(percentile(deeper, 0.95) * 1000, 2),
        "deep_queries": deep_queries,
        "deep_over_page1": slower,
        "posts_vacuum": vacuum,
    }
    if server is not None and wrk is not None:
        load = wrk(f"{server.url}{base}&page=1", token, load_seconds, connections=4)
        figures["gunicorn_page1"] = load
        load_row(results, "B6", "  page 1 under gunicorn (2 workers, 4 connections)", load)
        deep_load = wrk(f"{server.url}{base}&page={deep}", token, load_seconds, connections=4)
        figures["gunicorn_deep_page"] = deep_load
        load_row(results, "B6", f"  page {deep:,} under gunicorn", deep_load)
    figures["html_posts_page"] = _html_pages(results, viewer)
    results.figures["B6"] = figures
    note = "" if deep == DEEP_PAGE else f" (only {pages:,} pages: page {deep:,} measured)"
    results.target(
        "B6",
        "page 2,000 no more than 2x slower than page 1",
        f"page {deep:,} {slower}x page 1{note}",
        slower <= 2 if deep == DEEP_PAGE else None,
    )
