"""The voter segments: kept by national admins, offered to every brief while active."""

import pytest
from django.urls import reverse

from campaigns.models import VoterSegment

from .test_pages_support import (  # noqa: F401 - fixtures
    brief_form,
    browser_as_fixture,
    draft_at,
    error_summary,
    main_text,
    shown_messages,
)

SEGMENTS = reverse("segment-list")
NEW = reverse("segment-create")


def edit_url(segment) -> str:
    return reverse("segment-edit", args=[segment.pk])


def segment_form(**overrides) -> dict:
    data = {
        "code": "fishers",
        "name_id": "Nelayan",
        "name_en": "Fishers",
        "position": "20",
        "is_active": "on",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def offered_segments(client) -> list[str]:
    form = client.get(reverse("brief-create")).context["form"]
    return [segment.code for segment in form.fields["segments"].queryset]


def test_a_national_admin_lists_the_segments(browser_as):
    text = main_text(browser_as("00", "admin").get(SEGMENTS))
    assert "Voter segments" in text
    assert "first_time" in text
    assert "Pemilih Pemula" in text


def test_a_national_admin_adds_a_segment(browser_as):
    response = browser_as("00", "admin").post(NEW, segment_form(), follow=True)
    assert response.redirect_chain == [(SEGMENTS, 302)]
    assert shown_messages(response) == ["The voter segment is saved."]
    assert "Nelayan" in main_text(response)
    assert VoterSegment.objects.filter(code="fishers", name_en="Fishers").exists()


def test_a_segment_with_a_code_in_use_is_refused(browser_as):
    response = browser_as("00", "admin").post(NEW, segment_form(code="young"))
    assert response.status_code == 400
    assert "Code:" in error_summary(response)
    assert VoterSegment.objects.filter(code="young").count() == 1


def test_a_national_admin_renames_a_segment(browser_as):
    segment = VoterSegment.objects.get(code="young")
    browser_as("00", "admin").post(
        edit_url(segment), segment_form(code="young", name_id="Pemilih Muda Baru")
    )
    segment.refresh_from_db()
    assert segment.name_id == "Pemilih Muda Baru"


def test_editing_cannot_change_the_code(browser_as):
    segment = VoterSegment.objects.get(code="young")
    response = browser_as("00", "admin").post(edit_url(segment), segment_form(code="muda"))
    assert response.status_code == 302
    segment.refresh_from_db()
    assert segment.code == "young"
    assert not VoterSegment.objects.filter(code="muda").exists()


def test_the_code_is_shown_but_not_editable(browser_as):
    segment = VoterSegment.objects.get(code="young")
    page = browser_as("00", "admin").get(edit_url(segment)).content.decode()
    assert 'name="code" value="young"' in page
    assert "disabled" in page.split('name="code"')[1].split(">")[0]


@pytest.mark.parametrize(
    ("code", "role"), [("33", "admin"), ("00", "approver"), ("00", "viewer"), ("33.74", "admin")]
)
def test_only_national_admins_keep_the_segments(browser_as, code, role):
    client = browser_as(code, role)
    segment = VoterSegment.objects.get(code="young")
    assert client.get(SEGMENTS).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, segment_form()).status_code == 403
    assert (
        client.post(edit_url(segment), segment_form(code="young", name_id="X")).status_code == 403
    )
    assert not VoterSegment.objects.filter(code="fishers").exists()
    assert VoterSegment.objects.get(code="young").name_id != "X"


def test_a_new_segment_is_offered_to_briefs(browser_as):
    browser_as("00", "admin").post(NEW, segment_form())
    assert "fishers" in offered_segments(browser_as("33", "editor"))


def test_an_inactive_segment_is_not_offered(browser_as):
    segment = VoterSegment.objects.get(code="young")
    browser_as("00", "admin").post(edit_url(segment), segment_form(code="young", is_active=None))
    assert VoterSegment.objects.get(code="young").is_active is False
    assert "young" not in offered_segments(browser_as("00", "editor"))


def test_an_inactive_segment_cannot_be_posted_to_a_new_brief(browser_as):
    segment = VoterSegment.objects.get(code="young")
    segment.is_active = False
    segment.save()
    response = browser_as("00", "editor").post(
        reverse("brief-create"), brief_form(segments=[segment.pk])
    )
    assert response.status_code == 400
    assert "Voter segments:" in error_summary(response)


def test_an_inactive_segment_stays_on_a_brief_that_has_it(browser_as, tree):
    brief = draft_at(tree, "00")
    segment = VoterSegment.objects.get(code="young")
    brief.segments.set([segment])
    segment.is_active = False
    segment.save()
    editor = browser_as("00", "editor")
    form = editor.get(reverse("brief-edit", args=[brief.pk])).context["form"]
    assert "young" in [choice.code for choice in form.fields["segments"].queryset]
    data = brief_form(title="Judul baru", segments=[segment.pk])
    assert editor.post(reverse("brief-edit", args=[brief.pk]), data).status_code == 302
    assert list(brief.segments.values_list("code", flat=True)) == ["young"]


def test_a_chosen_segment_is_kept_on_the_brief(browser_as):
    from campaigns.models import Campaign

    segment = VoterSegment.objects.get(code="first_time")
    browser_as("00", "editor").post(reverse("brief-create"), brief_form(segments=[segment.pk]))
    assert list(Campaign.objects.get().segments.values_list("code", flat=True)) == ["first_time"]
