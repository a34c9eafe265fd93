"""The buttons of a brief's page: publish, close, delete (each a POST)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from campaigns.models import Assignment, Campaign

from .test_pages_support import (  # noqa: F401 - fixtures
    browser_as_fixture,
    draft_at,
    main_text,
    published_at,
    shown_messages,
)


def url(name: str, brief) -> str:
    return reverse(name, args=[brief.pk])


def test_an_approver_publishes_and_lands_on_the_progress_page(browser_as, tree):
    brief = draft_at(tree, "00")
    response = browser_as("00", "approver").post(url("brief-publish", brief), follow=True)
    assert response.redirect_chain == [(url("brief-progress", brief), 302)]
    assert shown_messages(response) == ["Published: 552 new assignments."]
    assert Campaign.objects.get(pk=brief.pk).status == "published"


def test_a_province_approver_publishes_to_its_regencies(browser_as, tree):
    brief = draft_at(tree, "33")
    response = browser_as("33", "approver").post(url("brief-publish", brief), follow=True)
    assert shown_messages(response) == ["Published: 35 new assignments."]


def test_publishing_to_one_unit_says_so_in_the_singular(browser_as, tree):
    brief = draft_at(tree, "33", scope_mode="units")
    brief.scope_units.set([tree("33.74")])
    response = browser_as("33", "approver").post(url("brief-publish", brief), follow=True)
    assert shown_messages(response) == ["Published: 1 new assignment."]


def test_publishing_again_creates_nothing(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    response = browser_as("00", "approver").post(url("brief-publish", brief), follow=True)
    assert shown_messages(response) == [
        "Already published: every unit it addresses has its assignment."
    ]
    assert Assignment.objects.filter(campaign=brief).count() == 1


def test_an_editor_may_not_publish(browser_as, tree):
    brief = draft_at(tree, "00")
    response = browser_as("00", "editor").post(url("brief-publish", brief))
    assert response.status_code == 403
    assert Campaign.objects.get(pk=brief.pk).status == "draft"


def test_a_province_approver_may_not_publish_the_centres_brief(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33"])
    assert browser_as("33", "approver").post(url("brief-publish", brief)).status_code == 403


def test_publishing_answers_only_to_post(browser_as, tree):
    brief = draft_at(tree, "00")
    assert browser_as("00", "approver").get(url("brief-publish", brief)).status_code == 405


def test_a_draft_of_another_province_cannot_be_published_from_outside(browser_as, tree):
    brief = draft_at(tree, "11")
    assert browser_as("33", "approver").post(url("brief-publish", brief)).status_code == 404


def test_an_approver_closes_a_published_brief(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    response = browser_as("00", "approver").post(url("brief-close", brief), follow=True)
    assert response.redirect_chain == [(url("brief-detail", brief), 302)]
    assert shown_messages(response) == ["The brief is closed."]
    assert "Closed" in main_text(response)


def test_closing_a_draft_shows_why_not(browser_as, tree):
    brief = draft_at(tree, "00")
    response = browser_as("00", "approver").post(url("brief-close", brief), follow=True)
    assert shown_messages(response) == ["Only a published brief can be closed."]
    assert Campaign.objects.get(pk=brief.pk).status == "draft"


def test_an_editor_may_not_close(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    assert browser_as("00", "editor").post(url("brief-close", brief)).status_code == 403
    assert Campaign.objects.get(pk=brief.pk).status == "published"


def test_an_editor_deletes_a_draft(browser_as, tree):
    brief = draft_at(tree, "00")
    response = browser_as("00", "editor").post(url("brief-delete", brief), follow=True)
    assert response.redirect_chain == [(reverse("brief-list"), 302)]
    assert shown_messages(response) == ["The draft is deleted."]
    assert not Campaign.objects.filter(pk=brief.pk).exists()


def test_deleting_a_published_brief_shows_why_not_and_keeps_it(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00", units=["33.74"])
    response = browser_as("00", "editor").post(url("brief-delete", brief), follow=True)
    assert response.redirect_chain == [(url("brief-detail", brief), 302)]
    assert shown_messages(response) == [
        "Only a draft can be deleted; close a published brief instead."
    ]
    assert Campaign.objects.filter(pk=brief.pk).exists()


def test_a_viewer_may_not_delete_a_draft(browser_as, tree):
    brief = draft_at(tree, "00")
    assert browser_as("00", "viewer").post(url("brief-delete", brief)).status_code == 403
    assert Campaign.objects.filter(pk=brief.pk).exists()


def test_publishing_a_brief_past_its_due_time_says_so_on_the_brief(browser_as, tree):
    brief = draft_at(tree, "00")
    Campaign.objects.filter(pk=brief.pk).update(
        starts_at=timezone.now() - timedelta(days=2), due_at=timezone.now() - timedelta(days=1)
    )
    response = browser_as("00", "approver").post(url("brief-publish", brief), follow=True)
    assert response.redirect_chain == [(url("brief-detail", brief), 302)]
    assert shown_messages(response) == [
        "The due time has passed: set a later one before publishing."
    ]
    assert Campaign.objects.get(pk=brief.pk).status == "draft"


def test_closing_is_asked_twice_saying_what_it_ends(browser_as, tree, make_user):
    brief = published_at(tree, make_user, "00")
    page = browser_as("00", "approver").get(url("brief-detail", brief)).content.decode()
    asked = page.split('<details class="confirm-action">', 1)[1].split("</details>", 1)[0]
    assert "Close the brief</summary>" in asked
    assert f'action="{url("brief-close", brief)}"' in asked
    assert "It cannot be reopened." in asked and "Yes, close it" in asked
