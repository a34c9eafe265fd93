"""The sync dashboard page: scope, drill-down, agreement with the API, filters."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics import dashboard_tables
from analytics.rollup import rollup_rebuild
from campaigns import forms as brief_forms
from satker.models import Satker

from . import test_pages_dashboard_support as support

# Fixtures shared with the other dashboard tests.
api_of, client_as, dash_world = support.api_of, support.client_as, support.dash_world


def url(unit: Satker, **query) -> str:
    address = reverse("dashboard", args=[unit.pk])
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_home_address_redirects_to_the_viewers_own_unit(tree, client_as):
    client = client_as("33", "editor")
    response = client.get(reverse("dashboard-home") + "?campaign=")
    assert response.status_code == 302
    assert response["Location"] == url(tree("33")) + "?campaign="


def test_it_asks_strangers_to_sign_in(tree, client):
    response = client.get(url(tree("00")))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_province_cannot_open_the_national_dashboard(tree, client_as):
    client = client_as("33", "admin")
    assert client.get(url(tree("00"))).status_code == 404
    assert client.get(url(tree("11"))).status_code == 404  # another province
    assert client.get(url(tree("33.74"))).status_code == 200
    assert client.get(reverse("dashboard", args=[999999])).status_code == 404


def test_every_role_may_view_its_subtree(tree, client_as):
    for role in ("viewer", "editor", "approver", "admin"):
        assert client_as("33.74", role).get(url(tree("33.74"))).status_code == 200


def test_a_regency_dashboard_shows_only_itself(tree, dash_world, client_as):
    response = client_as("33.74").get(url(tree("33.74")))
    board = response.context["board"]
    assert board.children == []
    assert board.total.counts["total"] == 2  # Cek DPT and Hoaks
    assert board.total.counts["published"] == 1
    assert [row.label for row in board.platforms] == ["Instagram", "X"]
    assert 'data-unit="33.02"' not in response.content.decode()
    assert "KPU Kabupaten Banyumas" not in response.content.decode()


def test_each_child_links_to_its_own_dashboard(tree, dash_world, client_as):
    page = client_as("00").get(url(tree("00"))).content.decode()
    assert page.count('<tr data-unit="') == 38 + 1  # the provinces and the total
    assert f'href="{url(tree("33"))}">KPU Provinsi Jawa Tengah</a>' in page
    province = client_as("00").get(url(tree("33"))).content.decode()
    assert f'href="{url(tree("33.74"))}">KPU Kota Semarang</a>' in province


def test_drilling_down_keeps_the_filters(tree, dash_world, client_as):
    brief = dash_world["hoaks"]
    page = client_as("00").get(url(tree("00"), campaign=brief.pk)).content.decode()
    assert f'href="{url(tree("33"))}?campaign={brief.pk}">KPU Provinsi Jawa Tengah</a>' in page


def test_the_breadcrumb_goes_back_up_to_the_viewers_own_unit(tree, client_as):
    semarang = tree("33.74")
    national = client_as("00").get(url(semarang))
    assert [unit.code for unit in national.context["breadcrumb"]] == ["00", "33"]
    assert f'href="{url(tree("00"))}">KPU Republik Indonesia</a>' in national.content.decode()

    provincial = client_as("33").get(url(semarang))
    assert [unit.code for unit in provincial.context["breadcrumb"]] == ["33"]
    assert "KPU Republik Indonesia" not in provincial.content.decode().split("<h1")[0]

    assert client_as("33.74").get(url(semarang)).context["breadcrumb"] == []


def _api_rows(api, unit, **query):
    answer = api.get(f"/api/v1/dashboard/{unit.pk}/", query)
    assert answer.status_code == 200
    return answer.json()


def _page_row(row) -> dict:
    return {
        "code": row.satker.code,
        "total": row.counts["total"],
        "acknowledged": row.counts["acknowledged"],
        "submitted": row.counts["submitted"],
        "approved": row.counts["approved"],
        "published": row.counts["published"],
        "overdue": row.overdue,
        "reach": row.counts["reach"],
        "likes": row.counts["likes"],
        "median": row.median_hours,
    }


def _api_row(row) -> dict:
    names = ["total", "acknowledged", "submitted", "approved", "published", "overdue"]
    return {
        "code": row["satker"]["code"],
        **{name: row[name] for name in names},
        "reach": row["engagement"]["reach"],
        "likes": row["engagement"]["likes"],
        "median": row["median_hours_to_publish"],
    }


@pytest.mark.parametrize("code", ["00", "33"])
def test_the_page_agrees_with_the_api(tree, dash_world, client_as, api_of, code):
    unit = tree(code)
    board = client_as("00").get(url(unit)).context["board"]
    api = _api_rows(api_of("00"), unit)
    assert _page_row(board.total) == _api_row(api)
    assert [_page_row(row) for row in board.children] == [_api_row(row) for row in api["children"]]
    assert board.as_of is not None


def test_the_page_agrees_with_the_api_for_one_brief(tree, dash_world, client_as, api_of):
    brief = dash_world["hoaks"]
    board = client_as("00").get(url(tree("33"), campaign=brief.pk)).context["board"]
    api = _api_rows(api_of("00"), tree("33"), campaign=brief.pk)
    assert _page_row(board.total) == _api_row(api)
    assert board.total.counts["total"] == 2 and board.total.overdue == 2


def test_the_page_shows_the_shares_as_text_beside_the_bars(tree, dash_world, client_as):
    page = client_as("33").get(url(tree("33"))).content.decode()
    semarang = page.split('data-unit="33.74"')[1].split("</tr>")[0]
    # Semarang: 2 assignments, 1 published (Cek DPT); acknowledged by writing posts.
    assert '<meter min="0" max="100" value="50"' in semarang
    assert "50%" in semarang


def test_leaders_and_laggards_rank_by_published_share_then_overdue(tree, dash_world, client_as):
    board = client_as("00").get(url(tree("33"))).context["board"]
    leaders = [row.satker.code for row in board.leaders]
    laggards = [row.satker.code for row in board.laggards]
    # Semarang and Banyumas each published 1 of 2; Semarang is first by code.
    assert leaders[:2] == ["33.02", "33.74"] or leaders[:2] == ["33.74", "33.02"]
    assert len(leaders) == len(laggards) == 5
    assert not {"33.74", "33.02"} & set(laggards)
    # Among the units that published nothing, none is overdue on Cek DPT; ties by code.
    assert laggards == sorted(laggards)


def test_each_laggard_links_to_its_capacity_and_connectivity(tree, dash_world, client_as):
    response = client_as("00").get(url(tree("33")))
    page = response.content.decode()
    for row in response.context["board"].laggards:
        assert reverse("unit-profile", args=[row.satker.pk]) in page
    leader = response.context["board"].leaders[0].satker
    assert reverse("unit-profile", args=[leader.pk]) not in page


def test_the_trend_counts_posts_published_per_day_and_engagement(tree, dash_world, client_as):
    board = client_as("00").get(url(tree("00"))).context["board"]
    trend = board.trend
    assert sum(day.posts_published for day in trend) == 4
    assert trend[-1].figures["reach"] == board.total.counts["reach"]
    assert trend[-1].engagement == board.total.engagement
    page = client_as("00").get(url(tree("00"))).content.decode()
    assert page.count('<svg class="chart"') == 2
    assert "<table" in page.split("The trend as a table")[1]


def test_the_date_range_filters_the_trend(tree, dash_world, client_as):
    today = timezone.localdate()
    start = today - timedelta(days=1)
    board = client_as("00").get(url(tree("00"), start=start, end=today)).context["board"]
    assert [day.day for day in board.trend] == [start, today]
    assert board.total.counts["total"] == 552 + 3  # the range does not filter the counts


def test_the_campaign_filter_lists_only_visible_briefs(tree, dash_world, client_as, make_user):
    from tests.factories import CampaignFactory

    draft = CampaignFactory(satker=tree("00"), title="Draft brief")
    province_brief = CampaignFactory(satker=tree("11"), title="Aceh only")
    client = client_as("33.74")
    form = client.get(url(tree("33.74"))).context["form"]
    choices = set(form.fields["campaign"].queryset)
    assert choices == {dash_world["cek_dpt"], dash_world["hoaks"]}
    assert draft not in choices and province_brief not in choices
    response = client.get(url(tree("33.74"), campaign=province_brief.pk))
    assert response.status_code == 400


def test_invalid_filters_answer_400_and_name_the_problem(tree, client_as):
    response = client_as("00").get(url(tree("00"), start="2026-05-02", end="2026-05-01"))
    assert response.status_code == 400
    assert "The trend&#x27;s start comes after its end." in response.content.decode()


def test_per_platform_and_per_segment_breakdowns_add_up(tree, dash_world, client_as):
    board = client_as("00").get(url(tree("00"))).context["board"]
    platforms = {row.key: row for row in board.platforms}
    assert {key: row.posts_published for key, row in platforms.items()} == {
        "instagram": 3,
        "x": 1,
    }
    for name in ("reach", "likes", "impressions"):
        assert sum(row.figures[name] for row in board.platforms) == board.total.counts[name]
    segments = {row.key: row for row in board.segments}
    assert set(segments) == {"first_time", "young", ""}  # Hoaks targets no segment
    assert segments["young"].total == 552 and segments["young"].published == 3
    assert segments[""].total == 3 and segments[""].published == 0
    assert segments["young"].figures["reach"] == board.total.counts["reach"]


def test_segments_are_named_in_the_viewers_language_in_their_order(tree, dash_world, client_as):
    client = client_as("00")
    board = client.get(url(tree("00"))).context["board"]
    assert [row.label for row in board.segments] == [
        "First-time voters",
        "Young voters",
        "All voters (no segment chosen)",  # briefs that target none come last
    ]
    client.post(reverse("set_language"), {"language": "id"})
    indonesian = client.get(url(tree("00"))).context["board"]
    assert [row.label for row in indonesian.segments] == [
        "Pemilih Pemula",
        "Pemilih Muda",
        "Semua pemilih (tanpa segmen)",
    ]


def test_as_of_is_shown_in_the_viewers_zone(tree, dash_world, client_as):
    page = client_as("73").get(url(tree("73"))).content.decode()  # Sulawesi Selatan: WITA
    assert "Figures as of" in page and "WITA" in page.split("Figures as of")[1][:60]


def test_it_says_so_when_there_is_nothing_yet(tree, client_as):
    page = client_as("33").get(url(tree("33"))).content.decode()
    assert "No figures yet" in page
    assert "<table" not in page


def _total_reach(response) -> int:
    """The reach the page shows for the whole subtree."""
    totals = response.content.decode().split('class="dash-totals"', 1)[1]
    shown = totals.split("Reach</dt><dd>", 1)[1].split("</dd>", 1)[0]
    return int(shown.replace(",", ""))


def test_it_reads_the_stored_rollups_not_the_source(tree, dash_world, client_as):
    """A report not yet rolled up shows after the next roll-up, with a later as_of."""
    client = client_as("00")
    before = client.get(url(tree("00")))
    from .test_pages_dashboard_support import report

    post = dash_world["posts"][0]
    report(post, dash_world["editors"]["33.74"], timezone.now() - timedelta(minutes=5), 500)
    assert _total_reach(client.get(url(tree("00")))) == _total_reach(before)
    rollup_rebuild()
    after = client.get(url(tree("00")))
    assert _total_reach(after) > _total_reach(before)
    assert after.context["board"].as_of >= before.context["board"].as_of


def _listed_briefs(page) -> list[str]:
    select = page.split('name="campaign"', 1)[1].split("</select>", 1)[0]
    return [label for label in ("Cek DPT", "Hoaks") if f">{label}</option>" in select]


def test_the_brief_list_offers_the_latest_and_the_chosen_one(
    tree, dash_world, client_as, monkeypatch
):
    monkeypatch.setattr(brief_forms, "LISTED_BRIEFS", 1)
    client = client_as("00")
    assert _listed_briefs(client.get(url(tree("00"))).content.decode()) == ["Cek DPT"]
    older = client.get(url(tree("00"), campaign=dash_world["hoaks"].pk))
    assert older.context["board"].campaign == dash_world["hoaks"]  # chosen though not listed
    assert _listed_briefs(older.content.decode()) == ["Cek DPT", "Hoaks"]


def test_the_trends_dates_list_the_briefs_published_within_them(
    tree, dash_world, client_as, monkeypatch
):
    monkeypatch.setattr(brief_forms, "LISTED_BRIEFS", 1)
    published = timezone.localdate(dash_world["hoaks"].published_at)
    page = client_as("00").get(url(tree("00"), start=published, end=published))
    assert _listed_briefs(page.content.decode()) == ["Hoaks"]


def test_without_dates_the_trend_shows_the_last_days_and_says_so(
    tree, dash_world, client_as, monkeypatch
):
    monkeypatch.setattr(dashboard_tables, "TREND_DAYS", 2)
    response = client_as("00").get(url(tree("00")))
    trend = response.context["board"].trend
    assert len(trend) == 2
    assert trend[-1].figures["reach"] == response.context["board"].total.counts["reach"]
    assert "The last 2 days with figures; choose the trend" in response.content.decode()


def test_a_chosen_start_shows_every_day_from_it(tree, dash_world, client_as, monkeypatch):
    monkeypatch.setattr(dashboard_tables, "TREND_DAYS", 2)
    start = timezone.localdate() - timedelta(days=5)
    response = client_as("00").get(url(tree("00"), start=start))
    assert response.context["board"].trend[0].day == start
    assert "days with figures; choose" not in response.content.decode()


def test_a_chosen_start_alone_shows_at_most_the_longest_range(
    tree, dash_world, client_as, monkeypatch
):
    monkeypatch.setattr(dashboard_tables, "MAX_DAYS", 3)
    start = timezone.localdate() - timedelta(days=10)
    trend = client_as("00").get(url(tree("00"), start=start)).context["board"].trend
    assert [day.day for day in trend] == [start + timedelta(days=n) for n in range(3)]


def test_a_future_end_alone_shows_the_last_days_up_to_today_and_says_so(
    tree, dash_world, client_as, monkeypatch
):
    monkeypatch.setattr(dashboard_tables, "TREND_DAYS", 2)
    response = client_as("00").get(url(tree("00"), end="2099-12-31"))
    trend = response.context["board"].trend
    today = timezone.localdate()
    assert [day.day for day in trend] == [today - timedelta(days=1), today]
    assert trend[-1].figures["reach"] == response.context["board"].total.counts["reach"]
    assert "The last 2 days up to the chosen end; choose a start" in response.content.decode()


@pytest.mark.parametrize("bad", [{"end": "9999-12-31"}, {"start": "0001-01-01"}])
def test_a_day_outside_the_calendars_years_is_named_not_drawn(tree, dash_world, client_as, bad):
    response = client_as("00").get(url(tree("00"), **bad))
    assert response.status_code == 400
    assert "Choose a day in the years 2000 to 2099." in response.content.decode()


def test_the_totals_draw_each_state_as_a_bar_with_its_share_and_count(tree, dash_world, client_as):
    page = client_as("00").get(url(tree("33"))).content.decode()
    totals = page.split('class="dash-totals"', 1)[1].split("</section>", 1)[0]
    published = totals.split("Published</dt><dd>", 1)[1].split("</dd>", 1)[0]
    # Jawa Tengah: 36 assignments of Cek DPT and 2 of Hoaks; Semarang and Banyumas
    # published Cek DPT: 2 of 38, 5%.
    assert '<meter min="0" max="100" value="5" aria-hidden="true"></meter>' in published
    assert '<span class="dash-percent">5%</span>' in published
    assert '<span class="dash-count">(2)</span>' in published


def test_the_dashboard_links_to_the_posts_of_its_subtree_and_brief(tree, dash_world, client_as):
    client = client_as("00")
    jateng = tree("33")
    page = client.get(url(jateng)).content.decode()
    assert f'href="{reverse("post-list")}?unit={jateng.pk}"' in page
    hoaks = dash_world["hoaks"]
    page = client.get(url(jateng, campaign=hoaks.pk)).content.decode()
    assert f'href="{reverse("post-list")}?unit={jateng.pk}&amp;campaign={hoaks.pk}"' in page


@pytest.mark.parametrize(("code", "heading"), [("33", "The whole subtree"), ("33.74", "This unit")])
def test_the_totals_are_headed_by_what_they_cover(tree, dash_world, client_as, code, heading):
    page = client_as(code).get(url(tree(code))).content.decode()
    assert f'<h2 id="totals-heading">{heading}</h2>' in page
