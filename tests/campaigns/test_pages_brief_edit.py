"""Changing a brief in the browser: drafts freely, published ones as a new version."""

from django.urls import reverse

from campaigns.models import Campaign

from .test_pages_support import (  # noqa: F401 - fixtures
    brief_form,
    browser_as_fixture,
    draft_at,
    error_summary,
    local,
    main_text,
    published_at,
    shown_messages,
)


def edit_url(brief) -> str:
    return reverse("brief-edit", args=[brief.pk])


def form_of(brief, **overrides) -> dict:
    """The brief's edit form as it comes filled in, with ``overrides`` typed over it."""
    data = brief_form(
        title=brief.title,
        summary=brief.summary,
        key_messages="\n".join(brief.key_messages),
        hashtags=" ".join(brief.hashtags),
        guidance=brief.guidance,
        platforms=brief.platforms,
        priority=brief.priority,
        starts_at=local(brief.starts_at),
        due_at=local(brief.due_at),
        scope_mode=brief.scope_mode,
        scope_levels=brief.scope_levels or None,
        scope_units=[unit.pk for unit in brief.scope_units.all()] or None,
    )
    data.update(overrides)
    return data


def test_the_edit_form_comes_filled_in(browser_as, tree):
    brief = draft_at(tree, "00", title="Ayo cek DPT")
    response = browser_as("00", "editor").get(edit_url(brief))
    assert response.status_code == 200
    assert 'value="Ayo cek DPT"' in response.content.decode()
    assert "Edit the brief" in main_text(response)


def test_a_draft_edit_is_saved_without_a_new_version(browser_as, tree):
    brief = draft_at(tree, "00")
    editor = browser_as("00", "editor")
    response = editor.post(edit_url(brief), form_of(brief, title="Judul baru"), follow=True)
    assert response.redirect_chain == [(reverse("brief-detail", args=[brief.pk]), 302)]
    assert shown_messages(response) == ["The brief is saved."]
    brief.refresh_from_db()
    assert (brief.title, brief.version) == ("Judul baru", 1)


def test_bad_input_to_the_edit_form_is_refused_and_changes_nothing(browser_as, tree):
    brief = draft_at(tree, "00", title="Ayo cek DPT")
    response = browser_as("00", "editor").post(
        edit_url(brief), form_of(brief, title="Judul baru", hashtags="PemiluDamai")
    )
    assert response.status_code == 400
    assert "Required hashtags: A hashtag starts with #" in error_summary(response)
    brief.refresh_from_db()
    assert brief.title == "Ayo cek DPT"


def test_the_edit_form_of_a_published_brief_warns_of_the_amendment(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    response = browser_as("00", "approver").get(edit_url(brief))
    assert (
        "This brief is published: saving a change makes it version 2 and tells every "
        "assigned unit what changed." in main_text(response)
    )


def test_the_edit_form_of_a_draft_has_no_amendment_warning(browser_as, tree):
    brief = draft_at(tree, "00")
    response = browser_as("00", "editor").get(edit_url(brief))
    assert "This brief is published" not in main_text(response)


def test_editing_a_published_brief_bumps_its_version(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    approver = browser_as("00", "approver")
    response = approver.post(edit_url(brief), form_of(brief, title="Judul baru"), follow=True)
    brief.refresh_from_db()
    assert (brief.title, brief.version) == ("Judul baru", 2)
    assert "Version 2" in main_text(response)


def test_saving_a_published_brief_unchanged_keeps_its_version(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    browser_as("00", "approver").post(edit_url(brief), form_of(brief))
    brief.refresh_from_db()
    assert brief.version == 1


def test_a_published_brief_addressed_to_chosen_units_can_be_amended(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74", "11.71"])
    approver = browser_as("00", "approver")
    response = approver.post(edit_url(brief), form_of(brief, title="Judul baru"))
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.version == 2


def test_a_published_brief_addressed_to_levels_can_be_amended(browser_as, tree, make_user):
    # Levels given in another order than the form lists them are still the same scope.
    brief = published_at(
        tree, make_user, "00", scope_mode="levels", scope_levels=["regency", "province"]
    )
    approver = browser_as("00", "approver")
    response = approver.post(
        edit_url(brief), form_of(brief, title="Judul baru", scope_levels=["province", "regency"])
    )
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.version == 2


def test_the_scope_of_a_published_brief_is_not_offered_for_change(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    response = browser_as("00", "approver").get(edit_url(brief))
    form = response.context["form"]
    assert all(form.fields[name].disabled for name in ["scope_mode", "scope_levels", "scope_units"])


def test_a_posted_scope_change_of_a_published_brief_is_ignored(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    approver = browser_as("00", "approver")
    approver.post(
        edit_url(brief),
        form_of(brief, title="Judul baru", scope_mode="units", scope_units=[tree("33").pk]),
    )
    brief.refresh_from_db()
    assert (brief.title, brief.scope_mode, brief.scope_units.count()) == (
        "Judul baru",
        "subtree",
        0,
    )


def test_a_regency_user_may_not_edit_a_national_brief_addressed_to_it(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    regency_editor = browser_as("33.74", "editor")
    assert regency_editor.get(edit_url(brief)).status_code == 403
    assert regency_editor.post(edit_url(brief), form_of(brief, title="X")).status_code == 403
    assert Campaign.objects.get(pk=brief.pk).title == brief.title


def test_a_viewer_of_the_publishing_unit_may_not_edit(browser_as, tree):
    brief = draft_at(tree, "00")
    assert browser_as("00", "viewer").get(edit_url(brief)).status_code == 403


def test_a_brief_outside_the_users_scope_is_not_found(browser_as, tree, make_user):
    aceh_brief = published_at(tree, make_user, "11")
    assert browser_as("33", "editor").get(edit_url(aceh_brief)).status_code == 404


def test_a_draft_is_not_found_below_its_unit(browser_as, tree):
    brief = draft_at(tree, "00")
    assert browser_as("33", "editor").get(edit_url(brief)).status_code == 404


def test_a_closed_brief_cannot_be_changed(browser_as, tree, make_user):
    from campaigns import services

    brief = published_at(tree, make_user, "00")
    services.campaign_close(campaign=brief, by=make_user("00", "approver"))
    approver = browser_as("00", "approver")
    response = approver.post(edit_url(brief), form_of(brief, title="Judul baru"), follow=True)
    assert "A closed brief cannot be changed." in shown_messages(response)
    assert Campaign.objects.get(pk=brief.pk).title == brief.title


def test_an_editor_is_not_offered_and_cannot_amend_a_published_brief(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    editor = browser_as("00", "editor")
    assert (
        edit_url(brief) not in editor.get(reverse("brief-detail", args=[brief.pk])).content.decode()
    )
    response = editor.post(edit_url(brief), form_of(brief, title="Judul baru"))
    assert response.status_code == 403
    brief.refresh_from_db()
    assert brief.version == 1


def test_an_editor_still_changes_a_draft(browser_as, tree):
    brief = draft_at(tree, "00")
    editor = browser_as("00", "editor")
    assert edit_url(brief) in editor.get(reverse("brief-detail", args=[brief.pk])).content.decode()
    assert editor.post(edit_url(brief), form_of(brief, title="Judul baru")).status_code == 302


def test_the_chosen_units_are_selected_in_the_edit_form(browser_as, tree):
    brief = draft_at(tree, "00", scope_mode="units")
    brief.scope_units.set([tree("33.74"), tree("11.71")])
    page = browser_as("00", "editor").get(edit_url(brief)).content.decode()
    select = page.split('name="scope_units"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{tree("33.74").pk}" selected>' in select
    assert f'<option value="{tree("11.71").pk}" selected>' in select
    assert select.count(" selected>") == 2
