"""Reminders 24 h (urgent: 1 h) before the due time, escalations once it has passed.

Time is frozen; due times are set at 17:00 local time in each of the three zones,
so a mistake that compared local clock times instead of instants would show.
"""

import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine

from campaigns import services
from campaigns.choices import Priority, ScopeMode
from campaigns.models import Notification
from campaigns.reminders import send_escalations, send_reminders
from tests.factories import CampaignFactory

# (regency code, its zone): Kota Semarang (WIB), Kota Makassar (WITA), Kota Jayapura (WIT).
UNITS = [("33.74", "Asia/Jakarta"), ("73.71", "Asia/Makassar"), ("91.71", "Asia/Jayapura")]


def _due_at_five_pm(zone: str) -> datetime:
    return datetime(2026, 12, 10, 17, 0, tzinfo=zoneinfo.ZoneInfo(zone))


def _publish(tree, make_user, code, due_at, priority=Priority.NORMAL, hours=None):
    brief = CampaignFactory(
        satker=tree("00"),
        scope_mode=ScopeMode.UNITS,
        starts_at=due_at - timedelta(days=5) if hours is None else due_at - timedelta(hours=hours),
        due_at=due_at,
        priority=priority,
        deadline_hours=hours,
    )
    brief.scope_units.set([tree(code)])
    publisher = make_user("00", "approver", is_active=False)  # not a recipient of escalations
    services.campaign_publish(campaign=brief, by=publisher)
    return brief


@pytest.mark.parametrize(("code", "zone"), UNITS)
def test_a_unit_is_reminded_once_when_its_due_time_is_24_hours_away(tree, make_user, code, zone):
    editor = make_user(code, "editor")
    due = _due_at_five_pm(zone)
    _publish(tree, make_user, code, due)
    with time_machine.travel(due - timedelta(hours=24, minutes=1), tick=False):
        assert send_reminders() == 0
    with time_machine.travel(due - timedelta(hours=23, minutes=59), tick=False):
        assert send_reminders() == 1
        assert send_reminders() == 0
    assert Notification.objects.filter(recipient=editor, kind="reminder").count() == 1


@pytest.mark.parametrize(("code", "zone"), UNITS)
def test_an_overdue_unit_is_escalated_once_to_its_provinces_approvers(tree, make_user, code, zone):
    province = code.split(".")[0]
    province_approver = make_user(province, "approver")
    due = _due_at_five_pm(zone)
    _publish(tree, make_user, code, due)
    with time_machine.travel(due - timedelta(seconds=1), tick=False):
        assert send_escalations() == 0
    with time_machine.travel(due + timedelta(seconds=1), tick=False):
        assert send_escalations() == 1
        assert send_escalations() == 0
    notice = Notification.objects.get(kind="escalation")
    assert notice.recipient == province_approver
    assert notice.assignment.satker.code == code


def test_an_escalation_goes_to_the_centre_when_the_province_has_no_approver(tree, make_user):
    national_approver = make_user("00", "approver")
    make_user("73", "approver", is_active=False)
    due = _due_at_five_pm("Asia/Makassar")
    _publish(tree, make_user, "73.71", due)
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        send_escalations()
    assert list(
        Notification.objects.filter(kind="escalation").values_list("recipient", flat=True)
    ) == [national_approver.pk]


def test_an_urgent_clarification_is_reminded_an_hour_before_its_due_time(tree, make_user):
    make_user("91.71", "editor")
    due = _due_at_five_pm("Asia/Jayapura")
    _publish(tree, make_user, "91.71", due, priority=Priority.URGENT, hours=6)
    with time_machine.travel(due - timedelta(hours=1, minutes=1), tick=False):
        assert send_reminders() == 0
    with time_machine.travel(due - timedelta(minutes=59), tick=False):
        assert send_reminders() == 1


def test_a_published_assignment_is_neither_reminded_nor_escalated(tree, make_user):
    make_user("33.74", "editor")
    make_user("33", "approver")
    due = _due_at_five_pm("Asia/Jakarta")
    brief = _publish(tree, make_user, "33.74", due)
    brief.assignments.update(status="published")
    with time_machine.travel(due - timedelta(hours=1), tick=False):
        assert send_reminders() == 0
    with time_machine.travel(due + timedelta(hours=1), tick=False):
        assert send_escalations() == 0


def test_the_reminder_names_the_due_time_in_the_units_own_zone(tree, make_user):
    editor = make_user("91.71", "editor")
    due = _due_at_five_pm("Asia/Jayapura")
    _publish(tree, make_user, "91.71", due)
    with time_machine.travel(due - timedelta(hours=2), tick=False):
        send_reminders()
    from campaigns.notifications import notice_text

    _, body = notice_text(Notification.objects.get(recipient=editor, kind="reminder"))
    assert "17" in body and "WIT" in body and "WITA" not in body
