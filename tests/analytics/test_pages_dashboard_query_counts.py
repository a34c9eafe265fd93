"""The dashboard page costs the same number of queries for 5 units as for 553, rendered
afresh or served again from the page cache."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from analytics import page_cache
from analytics.rollup import rollup_rebuild
from campaigns.models import VoterSegment
from satker.models import Satker
from tests.factories import CampaignFactory

from . import test_pages_dashboard_support as support
from .test_pages_dashboard_support import days_ago, publish, published_post, report

# Fixtures shared with the other dashboard tests.
client_as, dash_world = support.client_as, support.dash_world

# Rendered afresh: session, user, the nav's unread notices, the unit shown, the roll-up
# generation; the brief filter's choices; the roll-ups (children, rows); the daily
# roll-ups and posts published per day; per platform; per segment (the briefs'
# roll-ups joined to their segments). None reads posts or snapshots.
RENDERED = 12
# Served again from the page cache: session, user, notices, the unit shown, generation.
SERVED_AGAIN = 5


def _small_tree(make_user):
    """A second, five-unit tree beside the real one, with a published brief and a post."""
    root = Satker.objects.create(code="99", name="KPU Uji Coba")
    for number in range(1, 5):
        Satker.objects.create(code=f"99.0{number}", name=f"KPU Uji {number}", parent=root)
    root.refresh_from_db()
    brief = CampaignFactory(satker=root, title="Uji")
    brief.segments.set(VoterSegment.objects.filter(code="young"))
    publish(brief, make_user("99", "approver"), days_ago(4, 8))
    post = published_post(brief, "99.01", "instagram", 6)
    report(post, make_user("99.01", "editor"), days_ago(1, 10), 3)
    return root


@pytest.mark.parametrize("code", ["99", "00"])
def test_the_dashboard_costs_the_same_queries_for_5_and_553_units(
    tree, dash_world, make_user, client_as, django_assert_num_queries, code
):
    _small_tree(make_user)
    rollup_rebuild()
    client = client_as(code)
    unit = Satker.objects.get(code=code)
    client.get(reverse("dashboard", args=[unit.pk]))  # warm the session and caches
    caches[page_cache.ALIAS].clear()
    with django_assert_num_queries(RENDERED):
        rendered = client.get(reverse("dashboard", args=[unit.pk]))
    board = rendered.context["board"]
    assert board.trend and board.platforms and board.segments and board.children
    assert len(board.children) == (4 if code == "99" else 38)
    with django_assert_num_queries(SERVED_AGAIN):
        served = client.get(reverse("dashboard", args=[unit.pk]))
    assert _main(served) == _main(rendered)  # the page around it has fresh CSRF tokens


def _main(response) -> str:
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
