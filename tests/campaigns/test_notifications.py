from datetime import timedelta

import pytest
from django.core import mail

from campaigns import services
from campaigns.models import Notification
from satker.services import user_update
from tests.factories import CampaignFactory


@pytest.fixture
def national_approver(make_user):
    return make_user("00", "approver")


def test_publishing_notifies_every_person_at_each_target_unit_once(
    tree, make_user, national_approver, django_capture_on_commit_callbacks
):
    semarang_editor = make_user("33.74", "editor", email="semarang@kpu.example")
    make_user("33.02", "viewer", email="")  # no address: inbox only
    brief = CampaignFactory(satker=tree("00"))
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_publish(campaign=brief, by=national_approver)
    notices = Notification.objects.filter(campaign=brief, kind="assigned")
    assert notices.count() == 2
    assert notices.get(recipient=semarang_editor).assignment.satker.code == "33.74"
    assert [message.to for message in mail.outbox] == [["semarang@kpu.example"]]
    assert brief.title in mail.outbox[0].subject


def test_a_notice_names_the_due_time_in_the_units_zone(
    tree, make_user, national_approver, django_capture_on_commit_callbacks
):
    make_user("73.71", "editor", email="makassar@kpu.example")  # Kota Makassar, WITA
    brief = CampaignFactory(satker=tree("00"))
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_publish(campaign=brief, by=national_approver)
    assert "WITA" in mail.outbox[0].body


def test_amending_a_published_brief_bumps_its_version_and_tells_assignees(
    tree, make_user, national_approver, django_capture_on_commit_callbacks
):
    editor = make_user("33.74", "editor", email="semarang@kpu.example")
    brief = CampaignFactory(satker=tree("00"))
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_publish(campaign=brief, by=national_approver)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_update(
            campaign=brief,
            by=national_approver,
            fields={"due_at": brief.due_at + timedelta(days=1)},
        )
    brief.refresh_from_db()
    assert brief.version == 2
    notice = Notification.objects.get(recipient=editor, kind="amended")
    assert notice.params == {"version": 2, "changes": ["due_at"]}
    assert "version 2" in mail.outbox[0].subject or "versi 2" in mail.outbox[0].subject


@pytest.mark.parametrize(("new_unit", "kept"), [("11.71", False), ("33", True)])
def test_a_person_moved_keeps_only_the_notices_of_their_new_subtree(
    tree, make_user, national_approver, django_capture_on_commit_callbacks, new_unit, kept
):
    # Semarang's assignment is outside Banda Aceh's subtree, inside Jawa Tengah's.
    person = make_user("33.74", "editor")
    brief = CampaignFactory(satker=tree("00"))
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_publish(campaign=brief, by=national_approver)
    user_update(
        actor=make_user("00", "admin"),
        user=person,
        full_name="Budi",
        email="",
        unit=tree(new_unit),
        role="editor",
        is_active=True,
    )
    assert Notification.objects.filter(recipient=person).exists() is kept
