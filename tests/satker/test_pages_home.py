"""The home page: the signed-in person's own subtree, as a tree."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from satker.models import Satker


@pytest.fixture
def open_home(client):
    def open_as(user):
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client.get(reverse("home")).content.decode()

    return open_as


def unit_names(page: str) -> list[str]:
    return re.findall(r'<span class="unit-name">([^<]+)</span>', page)


def test_a_national_user_sees_all_553_units(open_home, make_user):
    page = open_home(make_user("00", "viewer"))
    assert len(unit_names(page)) == 553
    assert "Your subtree has 553 work units." in page
    assert "38 provinces" in page
    assert "514 regencies and cities" in page


def test_a_national_user_sees_provinces_that_open_to_their_regencies(open_home, make_user):
    page = open_home(make_user("00", "viewer"))
    # Each province is a closed <details> whose summary names it, its code and zone.
    jateng = re.search(
        r"<details><summary><span class=\"unit-name\">KPU Provinsi Jawa Tengah</span>"
        r"(.*?)</details>",
        page,
        re.S,
    )
    assert jateng, "Jawa Tengah should fold open to its regencies"
    assert "<code>33</code>" in jateng.group(1)
    assert "35 units below" in jateng.group(1)
    assert "KPU Kota Semarang" in jateng.group(1)
    assert page.count("<details>") == 38


def test_a_province_user_sees_its_regencies_and_nothing_else(open_home, make_user, tree):
    page = open_home(make_user("33", "approver"))
    expected = ["KPU Provinsi Jawa Tengah"] + [
        unit.name for unit in tree("33").get_children().order_by("lft")
    ]
    assert unit_names(page) == expected
    assert "KIP Aceh" not in page
    assert "KPU Republik Indonesia" not in page


def test_a_regency_user_sees_only_its_own_unit(open_home, make_user):
    page = open_home(make_user("33.74", "editor"))
    assert unit_names(page) == ["KPU Kota Semarang"]
    assert "Your unit has no units below it" in page


def test_units_show_their_time_zone_label(open_home, make_user):
    page = open_home(make_user("91", "viewer"))  # Papua
    assert re.search(r'<abbr title="Asia/Jayapura">WIT</abbr>', page)
    assert "WIB" not in page


def test_the_header_names_the_person_role_unit_and_zone(open_home, make_user):
    page = open_home(make_user("73", "approver", first_name="Andi", last_name="Makkasau"))
    header = page.split("</header>")[0]
    assert "Andi Makkasau" in header
    assert "Approver" in header
    assert "KPU Provinsi Sulawesi Selatan" in header
    assert ">WITA</abbr>" in header


def test_the_home_page_costs_the_same_queries_for_6_units_or_553(client, make_user):
    def queries_for(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    # Kalimantan Utara (65) and its five regencies; a unit above others also reads its
    # subtree's overdue count from the stored roll-up.
    assert queries_for(make_user("00")) == queries_for(make_user("65"))
    assert Satker.objects.count() == 553


def test_only_admins_see_the_users_menu_item(open_home, make_user):
    assert 'href="/users/"' in open_home(make_user("33", "admin"))
    assert 'href="/users/"' not in open_home(make_user("33", "approver"))
