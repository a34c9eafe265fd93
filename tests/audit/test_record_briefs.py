"""Every write of a brief, its files and its assignments leaves exactly one audit row,
in the same transaction: a refused or failed change leaves none."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry
from campaigns import assets, services
from campaigns.models import Assignment, Campaign, CampaignAsset, VoterSegment
from kpu_portal.exceptions import Conflict
from tests.campaigns.test_assets_support import (
    jpeg_with_gps,
    media_root_fixture,  # noqa: F401
    upload,
)
from tests.factories import CampaignFactory

from .support import no_rows, the_one_row

BRIEF = "campaigns.campaign"


@pytest.fixture
def jateng_brief(tree):
    """A draft of KPU Provinsi Jawa Tengah addressed to two of its regencies."""
    brief = CampaignFactory(satker=tree("33"), scope_mode="units")
    brief.scope_units.set([tree("33.74"), tree("33.02")])
    return brief


def publish(brief, make_user):
    approver = make_user(brief.satker.code, "approver")
    services.campaign_publish(campaign=brief, by=approver)
    return approver


def _fields(**overrides) -> dict:
    starts = timezone.now().replace(microsecond=0) + timedelta(days=1)
    fields = {
        "title": "Ayo cek DPT",
        "summary": "Ajak pemilih memeriksa namanya.",
        "key_messages": ["Cek nama Anda"],
        "hashtags": ["#CekDPT"],
        "platforms": ["instagram"],
        "starts_at": starts,
        "due_at": starts + timedelta(days=7),
    }
    fields.update(overrides)
    return fields


def test_creating_a_brief_records_its_fields_as_new(tree, make_user):
    editor = make_user("33", "editor")
    women = VoterSegment.objects.get(code="women")
    brief = services.campaign_create(by=editor, fields=_fields(), segments=[women])

    row = the_one_row()
    assert (row.actor, row.satker, row.action) == (editor, tree("33"), "create")
    assert (row.object_type, row.object_id, row.object_repr) == (BRIEF, brief.pk, "Ayo cek DPT")
    assert row.changes["title"] == [None, "Ayo cek DPT"]
    assert row.changes["hashtags"] == [None, ["#CekDPT"]]
    assert row.changes["segments"] == [None, ["women"]]
    assert row.changes["due_at"] == [None, brief.due_at.isoformat()]


def test_an_invalid_brief_records_nothing(make_user):
    editor = make_user("33", "editor")
    with pytest.raises(ValidationError):
        services.campaign_create(by=editor, fields=_fields(title=""))
    assert no_rows()


def test_editing_a_draft_records_old_and_new_of_each_changed_field(jateng_brief, make_user):
    editor = make_user("33", "editor")
    old_due = jateng_brief.due_at
    new_due = old_due + timedelta(days=2)
    services.campaign_update(
        campaign=jateng_brief,
        by=editor,
        fields={"title": "Cek DPT sekarang", "hashtags": ["#A", "#B"], "due_at": new_due},
        scope_units=[jateng_brief.scope_units.get(code="33.74")],
    )

    row = the_one_row()
    assert (row.actor, row.satker.code, row.action) == (editor, "33", "edit")
    assert row.changes == {
        "title": [jateng_brief.title, "Cek DPT sekarang"],
        "hashtags": [["#PemiluDamai", "#CekDPT"], ["#A", "#B"]],
        "due_at": [old_due.isoformat(), new_due.isoformat()],
        "scope_units": [["33.02", "33.74"], ["33.74"]],
    }


def test_an_edit_that_changes_nothing_records_nothing(jateng_brief, make_user):
    services.campaign_update(
        campaign=jateng_brief, by=make_user("33", "editor"), fields={"title": jateng_brief.title}
    )
    assert no_rows()


def test_amending_a_published_brief_records_the_new_version(jateng_brief, make_user):
    approver = publish(jateng_brief, make_user)
    services.campaign_update(
        campaign=jateng_brief,
        by=approver,
        fields={"guidance": "Tetap netral."},
        segments=list(VoterSegment.objects.filter(code__in=["young", "family"])),
    )

    row = the_one_row(action="amend")
    assert (row.actor, row.satker.code, row.object_id) == (approver, "33", jateng_brief.pk)
    assert row.changes == {
        "guidance": ["", "Tetap netral."],
        "segments": [[], ["family", "young"]],
        "version": [1, 2],
    }


def test_a_refused_amendment_records_nothing(jateng_brief, make_user):
    approver = publish(jateng_brief, make_user)
    before = AuditEntry.objects.count()
    with pytest.raises(Conflict):
        services.campaign_update(
            campaign=jateng_brief, by=approver, fields={"scope_mode": "subtree"}
        )
    assert AuditEntry.objects.count() == before


def test_publishing_records_the_transition_and_the_assignments_created(jateng_brief, make_user):
    approver = publish(jateng_brief, make_user)

    row = the_one_row()
    assert (row.actor, row.satker.code, row.action) == (approver, "33", "publish")
    assert row.object_id == jateng_brief.pk
    assert row.changes == {"status": ["draft", "published"], "assignments": [0, 2]}


def test_publishing_again_with_nothing_new_records_nothing(jateng_brief, make_user):
    approver = publish(jateng_brief, make_user)
    services.campaign_publish(campaign=jateng_brief, by=approver)
    assert AuditEntry.objects.filter(action="publish").count() == 1


def test_closing_records_the_transition(jateng_brief, make_user):
    approver = publish(jateng_brief, make_user)
    services.campaign_close(campaign=jateng_brief, by=approver)

    row = the_one_row(action="close")
    assert (row.actor, row.satker.code) == (approver, "33")
    assert row.changes == {"status": ["published", "closed"]}


def test_closing_twice_records_once(jateng_brief, make_user):
    approver = publish(jateng_brief, make_user)
    services.campaign_close(campaign=jateng_brief, by=approver)
    with pytest.raises(Conflict):
        services.campaign_close(campaign=jateng_brief, by=approver)
    assert AuditEntry.objects.filter(action="close").count() == 1


def test_deleting_a_draft_records_it_after_the_brief_is_gone(jateng_brief, make_user):
    editor = make_user("33", "editor")
    pk, title = jateng_brief.pk, jateng_brief.title
    services.campaign_delete(campaign=jateng_brief, by=editor)

    assert not Campaign.objects.filter(pk=pk).exists()
    row = the_one_row()
    assert (row.actor, row.satker.code, row.action) == (editor, "33", "delete")
    assert (row.object_type, row.object_id, row.object_repr) == (BRIEF, pk, title)
    assert row.changes == {"status": ["draft", None]}


def test_deleting_a_published_brief_is_refused_and_records_nothing(jateng_brief, make_user):
    publish(jateng_brief, make_user)
    with pytest.raises(Conflict):
        services.campaign_delete(campaign=jateng_brief, by=make_user("33", "editor"))
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_acknowledging_records_the_transition_at_the_assignments_unit(
    jateng_brief, make_user, tree
):
    publish(jateng_brief, make_user)
    assignment = Assignment.objects.get(campaign=jateng_brief, satker__code="33.74")
    editor = make_user("33.74", "editor")
    services.assignment_acknowledge(assignment=assignment, by=editor)

    row = the_one_row(action="acknowledge")
    assert (row.actor, row.satker) == (editor, tree("33.74"))
    assert (row.object_type, row.object_id) == ("campaigns.assignment", assignment.pk)
    assert row.changes == {"status": ["pending", "acknowledged"]}


def test_acknowledging_twice_records_once(jateng_brief, make_user):
    publish(jateng_brief, make_user)
    assignment = Assignment.objects.get(campaign=jateng_brief, satker__code="33.74")
    editor = make_user("33.74", "editor")
    services.assignment_acknowledge(assignment=assignment, by=editor)
    with pytest.raises(Conflict):
        services.assignment_acknowledge(assignment=assignment, by=editor)
    assert AuditEntry.objects.filter(action="acknowledge").count() == 1


@pytest.mark.usefixtures("media_root")
def test_adding_a_file_records_a_change_of_the_brief(jateng_brief, make_user):
    editor = make_user("33", "editor")
    assets.asset_add(
        campaign=jateng_brief, by=editor, upload=upload("foto.jpg", jpeg_with_gps()), alt_text="A"
    )

    row = the_one_row()
    assert (row.actor, row.satker.code, row.action) == (editor, "33", "add_asset")
    assert (row.object_type, row.object_id) == (BRIEF, jateng_brief.pk)
    assert row.changes == {"assets": [None, "foto.jpg"]}


@pytest.mark.usefixtures("media_root")
def test_a_refused_file_records_nothing(jateng_brief, make_user):
    with pytest.raises(ValidationError):
        assets.asset_add(
            campaign=jateng_brief,
            by=make_user("33", "editor"),
            upload=upload("foto.jpg", b"not an image"),
            alt_text="A",
        )
    assert no_rows()


@pytest.mark.usefixtures("media_root")
def test_removing_a_file_records_a_change_of_the_brief(jateng_brief, make_user):
    editor = make_user("33", "editor")
    asset = assets.asset_add(
        campaign=jateng_brief, by=editor, upload=upload("foto.jpg", jpeg_with_gps()), alt_text="A"
    )
    assets.asset_delete(asset=asset, by=editor)

    assert not CampaignAsset.objects.exists()
    row = the_one_row(action="remove_asset")
    assert (row.actor, row.satker.code, row.object_id) == (editor, "33", jateng_brief.pk)
    assert row.changes == {"assets": ["foto.jpg", None]}


def test_the_row_is_written_in_the_changes_own_transaction(jateng_brief, make_user):
    """If the audit row cannot be written, the change is not kept either."""
    editor = make_user("33", "editor")
    with (
        mock.patch("campaigns.services.audit_record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.campaign_update(campaign=jateng_brief, by=editor, fields={"title": "Baru"})
    jateng_brief.refresh_from_db()
    assert jateng_brief.title != "Baru"


def test_a_change_rolled_back_by_its_caller_leaves_no_row(jateng_brief, make_user):
    editor = make_user("33", "editor")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.campaign_update(campaign=jateng_brief, by=editor, fields={"title": "Baru"})
        raise RuntimeError("the caller gives up")
    assert no_rows()


def test_the_api_records_an_amendment_once(api_as, jateng_brief, make_user):
    publish(jateng_brief, make_user)
    response = api_as("33", "approver").patch(
        f"/api/v1/campaigns/{jateng_brief.pk}/", {"title": "Cek DPT sekarang"}, format="json"
    )
    assert response.status_code == 200
    row = the_one_row(action="amend")
    assert row.changes == {"title": [jateng_brief.title, "Cek DPT sekarang"], "version": [1, 2]}
