"""A brief's page: a preview while it is a draft, then the brief its units read."""

import zoneinfo
from datetime import datetime

from django.urls import reverse

from .test_pages_support import (  # noqa: F401 - fixtures
    browser_as_fixture,
    draft_at,
    main_text,
    published_at,
)

# 30 Nov 2031, 10:00 UTC: 17:00 WIB, 18:00 WITA, 19:00 WIT.
DUE = datetime(2031, 11, 30, 10, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
STARTS = datetime(2031, 11, 1, 1, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))


def detail_url(brief) -> str:
    return reverse("brief-detail", args=[brief.pk])


def test_a_draft_brief_says_it_is_a_preview(browser_as, tree):
    brief = draft_at(tree, "00", title="Ayo cek DPT")
    text = main_text(browser_as("00", "editor").get(detail_url(brief)))
    assert "Preview: this is how the units will read the brief once it is published." in text
    assert "Ayo cek DPT" in text


def test_a_published_brief_is_no_preview(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    assert "Preview:" not in main_text(browser_as("00", "editor").get(detail_url(brief)))


def test_a_draft_brief_is_not_found_below_its_unit(browser_as, tree):
    brief = draft_at(tree, "00")
    assert browser_as("33.74", "editor").get(detail_url(brief)).status_code == 404


def test_a_provincial_draft_is_read_at_the_centre(browser_as, tree):
    brief = draft_at(tree, "33")
    assert browser_as("00", "viewer").get(detail_url(brief)).status_code == 200


def test_a_published_brief_is_read_by_a_unit_it_targets(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "33", title="Ayo cek DPT Jawa Tengah")
    response = browser_as("33.74", "viewer").get(detail_url(brief))
    assert response.status_code == 200
    assert "Ayo cek DPT Jawa Tengah" in main_text(response)


def test_a_published_brief_is_not_found_by_another_provinces_regency(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "33")
    assert browser_as("11.71", "editor").get(detail_url(brief)).status_code == 404


def test_a_brief_for_chosen_units_is_not_found_by_a_unit_left_out(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    assert browser_as("33.74", "viewer").get(detail_url(brief)).status_code == 200
    assert browser_as("33.02", "viewer").get(detail_url(brief)).status_code == 404


def test_an_unknown_brief_is_not_found(browser_as, tree):
    assert browser_as("00", "admin").get(reverse("brief-detail", args=[999999])).status_code == 404


def test_the_due_time_is_shown_in_a_wib_units_zone(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", starts_at=STARTS, due_at=DUE)
    assert "Due 30 Nov 2031, 17:00 WIB" in main_text(browser_as("33.74").get(detail_url(brief)))


def test_the_due_time_is_shown_in_a_wita_units_zone(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", starts_at=STARTS, due_at=DUE)
    assert "Due 30 Nov 2031, 18:00 WITA" in main_text(browser_as("73").get(detail_url(brief)))


def test_the_due_time_is_shown_in_a_wit_units_zone(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", starts_at=STARTS, due_at=DUE)
    assert "Due 30 Nov 2031, 19:00 WIT" in main_text(browser_as("91").get(detail_url(brief)))


def test_the_page_reads_in_indonesian_by_default(client, make_user, tree):
    brief = draft_at(tree, "00", starts_at=STARTS, due_at=DUE)
    client.force_login(make_user("00", "editor"))
    text = main_text(client.get(detail_url(brief)))
    assert "Tenggat" in text
    assert "Pratinjau" in text


def test_an_approver_of_the_publishing_unit_sees_the_publish_button(browser_as, tree):
    brief = draft_at(tree, "00")
    assert "Publish to the units" in main_text(browser_as("00", "approver").get(detail_url(brief)))


def test_an_editor_of_the_publishing_unit_sees_no_publish_button(browser_as, tree):
    brief = draft_at(tree, "00")
    assert "Publish to the units" not in main_text(
        browser_as("00", "editor").get(detail_url(brief))
    )


def test_an_approver_of_another_unit_sees_no_publish_button(browser_as, tree):
    brief = draft_at(tree, "33")
    assert "Publish to the units" not in main_text(browser_as("00", "admin").get(detail_url(brief)))


def test_a_published_brief_has_no_publish_button(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    text = main_text(browser_as("00", "approver").get(detail_url(brief)))
    assert "Publish to the units" not in text
    assert "Close the brief" in text


def test_an_editor_of_the_publishing_unit_sees_edit_and_delete(browser_as, tree):
    text = main_text(browser_as("00", "editor").get(detail_url(draft_at(tree, "00"))))
    assert "Edit" in text
    assert "Delete the draft" in text


def test_a_targeted_unit_sees_no_edit_link(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    response = browser_as("33.74", "admin").get(detail_url(brief))
    assert reverse("brief-edit", args=[brief.pk]) not in response.content.decode()
    assert "Close the brief" not in main_text(response)


def test_a_targeted_unit_sees_its_assignment_and_can_acknowledge(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    text = main_text(browser_as("33.74", "editor").get(detail_url(brief)))
    assert "Your unit's assignment: Pending." in text
    assert "Acknowledge" in text


def test_the_detail_lists_the_chosen_units(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74", "11.71"])
    text = main_text(browser_as("00", "viewer").get(detail_url(brief)))
    assert "Chosen units: KIP Kota Banda Aceh, KPU Kota Semarang" in text


def test_the_detail_names_the_chosen_levels_in_words(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", scope_mode="levels", scope_levels=["province"])
    text = main_text(browser_as("00", "viewer").get(detail_url(brief)))
    assert "Chosen levels: Province" in text


def test_a_receiving_unit_reads_only_itself_among_the_chosen_units(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=("33.74", "33.02", "11.71"))
    text = main_text(browser_as("33.74", "viewer").get(detail_url(brief)))
    assert "Kota Semarang" in text
    assert "Banyumas" not in text and "Banda Aceh" not in text


def test_the_publishing_unit_reads_every_chosen_unit(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=("33.74", "11.71"))
    text = main_text(browser_as("00", "viewer").get(detail_url(brief)))
    assert "Kota Semarang" in text and "Banda Aceh" in text
