"""Once a brief is closed its posts stop changing, but a publication can still be recorded."""

import pytest
from django.urls import reverse

from campaigns import services as campaign_services
from content import services, workflow
from kpu_portal.exceptions import Conflict
from tests.factories import CampaignFactory


@pytest.fixture
def closed_brief_post(tree, make_user):
    national_approver = make_user("00", "approver")
    brief = CampaignFactory(satker=tree("00"), hashtags=[], platforms=["x"])
    campaign_services.campaign_publish(campaign=brief, by=national_approver)
    brief.refresh_from_db()
    editor = make_user("33.74", "editor")
    assignment = brief.assignments.get(satker__code="33.74")
    post = services.post_create(
        assignment=assignment, by=editor, platform="x", caption="Ayo cek DPT"
    )
    campaign_services.campaign_close(campaign=brief, by=national_approver)
    post.refresh_from_db()
    return post, editor


def test_a_post_of_a_closed_brief_cannot_be_edited(closed_brief_post):
    post, editor = closed_brief_post
    with pytest.raises(Conflict):
        services.post_update(post=post, by=editor, version=post.version, fields={"caption": "Baru"})
    post.refresh_from_db()
    assert (post.caption, post.version) == ("Ayo cek DPT", 1)


def test_a_post_of_a_closed_brief_cannot_be_submitted(closed_brief_post):
    post, editor = closed_brief_post
    with pytest.raises(Conflict):
        workflow.post_submit(post=post, by=editor)
    post.refresh_from_db()
    assert post.status == "draft"


@pytest.fixture
def closed_brief(tree, make_user):
    """A national brief for X, published and closed before Semarang acknowledged it."""
    national_approver = make_user("00", "approver")
    brief = CampaignFactory(satker=tree("00"), hashtags=[], platforms=["x"])
    campaign_services.campaign_publish(campaign=brief, by=national_approver)
    campaign_services.campaign_close(campaign=brief, by=national_approver)
    return brief.assignments.get(satker__code="33.74")


def test_the_writing_page_of_a_closed_brief_says_so_before_anything_is_typed(
    client, closed_brief, make_user
):
    client.force_login(make_user("33.74", "editor"))
    client.cookies["django_language"] = "en"
    response = client.get(reverse("post-create", args=[closed_brief.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "brief-detail", args=[closed_brief.campaign_id]
    )
    assert "The brief is closed: its posts can no longer change." in response.content.decode()


def test_a_closed_briefs_assignment_is_listed_closed_without_acknowledge(
    client, closed_brief, make_user
):
    client.force_login(make_user("33.74", "editor"))
    client.cookies["django_language"] = "en"
    for page in (reverse("inbox"), reverse("brief-detail", args=[closed_brief.campaign_id])):
        text = client.get(page).content.decode()
        assert reverse("assignment-acknowledge", args=[closed_brief.pk]) not in text
    assert '<span class="badge">Closed</span>' in client.get(reverse("inbox")).content.decode()


def test_acknowledging_a_closed_briefs_assignment_is_refused(api_as, closed_brief):
    response = api_as("33.74", "editor").post(f"/api/v1/assignments/{closed_brief.pk}/acknowledge/")
    assert response.status_code == 409
    closed_brief.refresh_from_db()
    assert closed_brief.status == "pending"
