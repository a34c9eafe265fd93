"""A brief's progress page: its cascade as a tree, per province and, inside, per regency."""

import re
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Assignment

from .test_pages_support import (  # noqa: F401 - fixtures
    browser_as_fixture,
    draft_at,
    main_text,
    published_at,
)


def progress_url(brief) -> str:
    return reverse("brief-progress", args=[brief.pk])


def rows(response) -> dict[str, str]:
    """{unit code: the visible text of its progress row}."""
    page = response.content.decode()
    found = re.findall(
        r'<div class="progress-row[^"]*" data-unit="([^"]+)">(.*?)</div>', page, re.S
    )
    return {code: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for code, row in found}


def acknowledge(brief, *codes, make_user):
    for code in codes:
        assignment = Assignment.objects.get(campaign=brief, satker__code=code)
        services.assignment_acknowledge(assignment=assignment, by=make_user(code, "editor"))


def test_the_national_progress_has_a_row_per_province_and_inside_per_regency(
    browser_as, tree, make_user
):
    brief = published_at(tree, make_user, "00")
    shown = rows(browser_as("00").get(progress_url(brief)))
    assert len(shown) == 553  # the nation, 38 provinces, 514 regencies and cities
    assert shown["00"].startswith("KPU Republik Indonesia")
    assert "0/552 acknowledged" in shown["00"]
    assert "0/36 acknowledged" in shown["33"]  # the province and its 35 regencies
    assert "0/1 acknowledged" in shown["33.74"]


def test_the_regencies_sit_inside_their_province(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    page = browser_as("00").get(progress_url(brief)).content.decode()
    jawa_tengah = re.search(
        r"<details>\s*<summary>\s*<div[^>]*data-unit=\"33\".*?</details>", page, re.S
    )
    assert jawa_tengah
    assert 'data-unit="33.74"' in jawa_tengah.group(0)
    assert 'data-unit="11.71"' not in jawa_tengah.group(0)


def test_acknowledgements_count_up_the_tree(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    acknowledge(brief, "33.74", "33.02", "11.71", make_user=make_user)
    shown = rows(browser_as("00").get(progress_url(brief)))
    assert "3/552 acknowledged" in shown["00"]
    assert "2/36 acknowledged" in shown["33"]
    assert "1/1 acknowledged" in shown["33.74"]
    assert "1/24 acknowledged" in shown["11"]


def test_a_province_user_sees_only_its_subtree(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    acknowledge(brief, "33.74", "11.71", make_user=make_user)
    shown = rows(browser_as("33").get(progress_url(brief)))
    assert set(shown) == {"33"} | {unit.code for unit in tree("33").get_children()}
    assert "1/36 acknowledged" in shown["33"]


def test_a_regency_user_sees_its_own_row(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    shown = rows(browser_as("33.74").get(progress_url(brief)))
    assert list(shown) == ["33.74"]


def test_the_centre_reads_a_provincial_brief_from_the_province_down(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "33")
    shown = rows(browser_as("00").get(progress_url(brief)))
    assert set(shown) == {"33"} | {unit.code for unit in tree("33").get_children()}
    assert "0/35 acknowledged" in shown["33"]


def test_overdue_assignments_are_shown(browser_as, tree, make_user):
    due = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    brief = published_at(
        tree,
        make_user,
        "00",
        units=["33.74", "33.02"],
        due_at=due,
        starts_at=due - timedelta(days=7),
    )
    viewer = browser_as("00")
    with time_machine.travel(due - timedelta(minutes=1), tick=False):
        assert "overdue" not in rows(viewer.get(progress_url(brief)))["00"]
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        shown = rows(viewer.get(progress_url(brief)))
    assert "2 overdue" in shown["00"]
    assert "2 overdue" in shown["33"]
    assert "1 overdue" in shown["33.74"]


def test_the_page_is_not_found_for_a_brief_out_of_scope(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "11")
    assert browser_as("33").get(progress_url(brief)).status_code == 404


def test_a_draft_has_no_progress_below_its_unit(browser_as, tree):
    brief = draft_at(tree, "00")
    assert browser_as("33").get(progress_url(brief)).status_code == 404


def test_the_page_names_the_brief(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", title="Ayo cek DPT")
    text = main_text(browser_as("00").get(progress_url(brief)))
    assert "Ayo cek DPT" in text
    assert "Progress" in text


def test_the_queries_do_not_grow_with_the_tree(
    browser_as, tree, make_user, django_assert_num_queries
):
    small = published_at(tree, make_user, "33")  # Jawa Tengah: 36 units
    national = published_at(tree, make_user, "00")  # 553 units
    viewer = browser_as("00")
    viewer.get(progress_url(small))  # the session is warm from here on
    # session, user, brief, units, assignments, unread notices (menu)
    with django_assert_num_queries(6):
        assert len(rows(viewer.get(progress_url(small)))) == 36
    with django_assert_num_queries(6):
        assert len(rows(viewer.get(progress_url(national)))) == 553
