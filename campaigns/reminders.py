"""Reminders before a due time and escalations after it (DESIGN.md §5 step 9).

Run every minute by Celery beat. Each assignment is reminded once and escalated
once: the beat task claims it by setting reminded_at / escalated_at under a row
lock, so overlapping runs never send a notice twice.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from satker.routing import active_approvers, reviewing_units

from .choices import AssignmentStatus, CampaignStatus, Priority
from .models import Assignment, Notification
from .notifications import notify_assignees, notify_people

# How long before the due time a unit is reminded; urgent clarifications run on hours.
REMINDER_LEAD = {
    Priority.NORMAL: timedelta(hours=24),
    Priority.URGENT: timedelta(hours=1),
}


def _unfinished() -> QuerySet[Assignment]:
    return Assignment.objects.filter(campaign__status=CampaignStatus.PUBLISHED).exclude(
        status=AssignmentStatus.PUBLISHED
    )


def _claim(candidates: QuerySet[Assignment], marker: str, now: datetime) -> list[int]:
    """Lock the unclaimed candidates, mark them, and return their ids."""
    with transaction.atomic():
        ids = list(
            candidates.filter(**{f"{marker}__isnull": True})
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)
        )
        Assignment.objects.filter(pk__in=ids).update(**{marker: now})
    return ids


def send_reminders(now: datetime | None = None) -> int:
    """Remind units whose assignment falls due within the lead time of its priority."""
    now = now or timezone.now()
    sent = 0
    for priority, lead in REMINDER_LEAD.items():
        due_soon = _unfinished().filter(
            campaign__priority=priority,
            campaign__due_at__gt=now,
            campaign__due_at__lte=now + lead,
        )
        ids = _claim(due_soon, "reminded_at", now)
        if ids:
            sent += notify_assignees(
                kind=Notification.Kind.REMINDER, assignments=Assignment.objects.filter(pk__in=ids)
            )
    return sent


def send_escalations(now: datetime | None = None) -> int:
    """Tell the reviewing approvers (parent, or the next staffed ancestor) of overdue units."""
    now = now or timezone.now()
    ids = _claim(_unfinished().filter(campaign__due_at__lte=now), "escalated_at", now)
    if not ids:
        return 0
    overdue = list(Assignment.objects.filter(pk__in=ids).select_related("satker"))
    routes = reviewing_units([assignment.satker_id for assignment in overdue])
    approvers_by_unit = defaultdict(list)
    for person in active_approvers().filter(satker_id__in=set(routes.values()) - {None}):
        approvers_by_unit[person.satker_id].append(person)
    sent = 0
    for assignment in overdue:
        recipients = approvers_by_unit.get(routes[assignment.satker_id], [])
        sent += notify_people(
            kind=Notification.Kind.ESCALATION, assignment=assignment, recipients=recipients
        )
    return sent
