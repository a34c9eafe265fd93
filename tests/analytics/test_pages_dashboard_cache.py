"""The dashboard page's body is served again from the page cache (analytics.page_cache)
only while nothing it shows has changed: a roll-up run, the clock making a brief due,
the language, the viewer's unit and the scope check all still count."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from analytics import page_cache
from analytics.rollup import rollup_dirty_run
from campaigns.models import Campaign

from . import test_pages_dashboard_support as support
from .test_pages_dashboard_support import report

client_as, dash_world = support.client_as, support.dash_world


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def url(unit, **query) -> str:
    address = reverse("dashboard", args=[unit.pk])
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


def shown(response, label: str) -> int:
    """The figure the page's "whole subtree" block shows under ``label``."""
    totals = response.content.decode().split('class="dash-totals"', 1)[1]
    figure = totals.split(f"{label}</dt><dd", 1)[1].split(">", 1)[1].split("</dd>", 1)[0]
    return int(figure.replace(",", ""))


def test_an_incremental_roll_up_shows_on_a_page_already_served(tree, dash_world, client_as):
    client = client_as("00")
    before = shown(client.get(url(tree("00"))), "Reach")
    post = dash_world["posts"][0]
    report(post, dash_world["editors"]["33.74"], timezone.now() - timedelta(minutes=5), 500)
    assert shown(client.get(url(tree("00"))), "Reach") == before  # not rolled up yet

    assert rollup_dirty_run() > 0
    assert shown(client.get(url(tree("00"))), "Reach") > before


@pytest.mark.parametrize("one_brief", [False, True])
def test_a_brief_falling_due_shows_as_overdue_without_a_roll_up(
    tree, dash_world, client_as, one_brief
):
    brief = dash_world["cek_dpt"]
    due = timezone.now() + timedelta(hours=2)
    Campaign.objects.filter(pk=brief.pk).update(due_at=due)
    rollup_dirty_run()  # the totals learn the new due time
    address = url(tree("33"), campaign=brief.pk) if one_brief else url(tree("33"))
    client = client_as("00")
    with time_machine.travel(due - timedelta(seconds=10), tick=False):
        early = shown(client.get(address), "Overdue")
    with time_machine.travel(due + timedelta(seconds=1), tick=False):
        late = shown(client.get(address), "Overdue")
    # Jawa Tengah's subtree holds 36 of its assignments; Semarang and Banyumas published.
    assert late - early == 34


def test_each_language_gets_its_own_page(tree, dash_world, client_as):
    client = client_as("00")
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(url(tree("00"))).content.decode()
    client.post(reverse("set_language"), {"language": "id"})
    indonesian = client.get(url(tree("00"))).content.decode()
    assert "The whole subtree" in english
    assert "The whole subtree" not in indonesian
    assert "Dasbor Sinkronisasi" in indonesian


def test_a_page_served_to_the_centre_is_not_served_outside_the_viewers_subtree(
    tree, dash_world, client_as
):
    assert client_as("00").get(url(tree("00"))).status_code == 200
    assert client_as("33").get(url(tree("00"))).status_code == 404


def test_bad_filters_are_answered_each_time_never_kept(tree, dash_world, client_as):
    client = client_as("00")
    for _ in range(2):
        response = client.get(url(tree("00"), start="2026-02-30"))
        assert response.status_code == 400
        assert "Enter a valid date" in response.content.decode()


def test_an_edited_unit_name_shows_within_a_minute(tree, dash_world, client_as):
    client = client_as("00")
    assert "KPU Provinsi Jawa Tengah" in client.get(url(tree("00"))).content.decode()
    tree("33").__class__.objects.filter(code="33").update(name="KPU Provinsi Jateng")
    later = timezone.now() + timedelta(seconds=page_cache.MAX_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert "KPU Provinsi Jateng" in client.get(url(tree("00"))).content.decode()
