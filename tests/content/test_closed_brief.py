"""Once a brief is closed its posts stop changing, but a publication can still be recorded."""

import pytest

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
