"""Writing a brief in the browser: a draft is saved and previewed; bad input saves nothing."""

import zoneinfo
from datetime import datetime

import pytest
from django.urls import reverse

from campaigns.models import Campaign

from .test_pages_support import (  # noqa: F401 - fixtures
    brief_form,
    browser_as_fixture,
    error_summary,
    main_text,
    shown_messages,
)

CREATE = reverse("brief-create")


@pytest.fixture
def national_editor(browser_as):
    return browser_as("00", "editor")


def refused(response) -> str:
    """The error summary of a form that was shown again, after checking nothing was saved."""
    assert response.status_code == 400
    assert Campaign.objects.count() == 0
    summary = error_summary(response)
    assert summary.startswith("Nothing was saved.")
    return summary


def test_a_national_editor_sees_the_empty_form(national_editor):
    response = national_editor.get(CREATE)
    assert response.status_code == 200
    assert "Write a brief" in main_text(response)


def test_a_national_editor_saves_a_draft_and_lands_on_its_preview(national_editor):
    response = national_editor.post(CREATE, brief_form(title="Tolak hoaks"), follow=True)
    brief = Campaign.objects.get()
    assert response.redirect_chain == [(reverse("brief-detail", args=[brief.pk]), 302)]
    assert "Preview:" in main_text(response)
    assert shown_messages(response) == ["The draft is saved. Check the preview, then publish."]
    assert (brief.title, brief.status, brief.satker.code) == ("Tolak hoaks", "draft", "00")
    assert brief.hashtags == ["#PemiluDamai", "#CekDPT"]
    assert brief.key_messages == ["Cek nama Anda di cekdptonline.kpu.go.id", "Ajak keluarga ikut"]


def test_the_times_given_are_read_in_the_writers_zone(browser_as):
    makassar = zoneinfo.ZoneInfo("Asia/Makassar")
    editor = browser_as("73", "editor")  # Sulawesi Selatan, WITA
    editor.post(
        CREATE, brief_form(starts_at="2031-03-01T08:00", due_at="2031-03-08T17:00"), follow=True
    )
    brief = Campaign.objects.get()
    assert brief.due_at == datetime(2031, 3, 8, 17, 0, tzinfo=makassar)


def test_a_due_time_before_the_start_is_refused(national_editor):
    data = brief_form(starts_at="2031-03-08T08:00", due_at="2031-03-01T08:00")
    summary = refused(national_editor.post(CREATE, data))
    assert "Due: The due time must be after the start." in summary


def test_a_brief_without_a_platform_is_refused(national_editor):
    summary = refused(national_editor.post(CREATE, brief_form(platforms=None)))
    assert "Target platforms:" in summary


def test_a_hashtag_without_its_hash_is_refused(national_editor):
    summary = refused(national_editor.post(CREATE, brief_form(hashtags="#PemiluDamai CekDPT")))
    assert "Required hashtags: A hashtag starts with #" in summary
    assert "CekDPT" in summary


def test_every_error_of_the_form_shows_at_once(national_editor):
    summary = refused(national_editor.post(CREATE, brief_form(platforms=None, hashtags="CekDPT")))
    assert "Target platforms:" in summary
    assert "Required hashtags: A hashtag starts with #" in summary


def test_an_urgent_brief_without_its_deadline_in_hours_is_refused(national_editor):
    data = brief_form(priority="urgent", due_at="", deadline_hours="")
    summary = refused(national_editor.post(CREATE, data))
    assert "Deadline in hours: An urgent hoax clarification needs a deadline" in summary


def test_an_urgent_brief_is_due_its_hours_after_the_start(national_editor):
    data = brief_form(
        priority="urgent", starts_at="2031-03-01T08:00", due_at="", deadline_hours="6"
    )
    national_editor.post(CREATE, data)
    brief = Campaign.objects.get()
    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")
    assert brief.due_at == datetime(2031, 3, 1, 14, 0, tzinfo=jakarta)


def test_a_normal_brief_without_a_due_time_is_refused(national_editor):
    summary = refused(national_editor.post(CREATE, brief_form(due_at="")))
    assert "Due: Give the due date and time." in summary


def test_chosen_units_without_a_unit_are_refused(national_editor):
    summary = refused(national_editor.post(CREATE, brief_form(scope_mode="units")))
    assert "Units: Choose at least one unit." in summary


def test_chosen_levels_without_a_level_are_refused(national_editor):
    summary = refused(national_editor.post(CREATE, brief_form(scope_mode="levels")))
    assert "Levels: Choose at least one level." in summary


def test_the_form_offers_only_units_of_the_writers_subtree(browser_as, tree):
    response = browser_as("33", "editor").get(CREATE)
    offered = {unit.code for unit in response.context["form"].fields["scope_units"].queryset}
    assert len(offered) == 35
    assert "33.74" in offered
    assert "11.71" not in offered
    assert "33" not in offered


def test_a_forged_unit_outside_the_writers_subtree_is_refused(browser_as, tree):
    editor = browser_as("33", "editor")
    data = brief_form(scope_mode="units", scope_units=[tree("33.74").pk, tree("11.71").pk])
    summary = refused(editor.post(CREATE, data))
    assert "Units: Choose units below your own unit" in summary


def test_the_writers_own_unit_cannot_be_chosen(browser_as, tree):
    editor = browser_as("33", "editor")
    summary = refused(
        editor.post(CREATE, brief_form(scope_mode="units", scope_units=[tree("33").pk]))
    )
    assert "Units: Choose units below your own unit" in summary


def test_the_form_offers_only_levels_below_the_writers_unit(browser_as):
    response = browser_as("33", "editor").get(CREATE)
    assert response.context["form"].fields["scope_levels"].choices == [("regency", "Regency/city")]


def test_a_level_not_below_the_writers_unit_is_refused(browser_as):
    editor = browser_as("33", "editor")
    data = brief_form(scope_mode="levels", scope_levels=["province"])
    summary = refused(editor.post(CREATE, data))
    assert "Levels: Choose levels below your own unit" in summary


def test_chosen_levels_are_kept(browser_as):
    editor = browser_as("00", "editor")
    editor.post(CREATE, brief_form(scope_mode="levels", scope_levels=["province"]))
    assert Campaign.objects.get().scope_levels == ["province"]


def test_chosen_units_are_kept(browser_as, tree):
    editor = browser_as("33", "editor")
    editor.post(CREATE, brief_form(scope_mode="units", scope_units=[tree("33.74").pk]))
    assert [unit.code for unit in Campaign.objects.get().scope_units.all()] == ["33.74"]


def test_the_refused_form_keeps_what_was_typed(national_editor):
    response = national_editor.post(CREATE, brief_form(title="Tolak hoaks", platforms=None))
    assert 'value="Tolak hoaks"' in response.content.decode()


@pytest.mark.parametrize(("code", "role"), [("33.74", "editor"), ("00", "viewer")])
def test_a_regency_editor_and_a_viewer_may_not_write_a_brief(browser_as, code, role):
    client = browser_as(code, role)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, brief_form()).status_code == 403
    assert Campaign.objects.count() == 0


def test_a_signed_out_visitor_is_sent_to_sign_in(client, tree):
    response = client.get(CREATE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
