"""Celery tasks: thin, take ids, call the services. Enqueue with .delay_on_commit()."""

from celery import shared_task

from .models import Assignment, Notification
from .notifications import notify_assignees, send_pending_emails
from .reminders import send_escalations, send_reminders


@shared_task
def notify_new_assignments(campaign_id: int) -> int:
    created = notify_assignees(
        kind=Notification.Kind.ASSIGNED,
        assignments=Assignment.objects.filter(campaign_id=campaign_id),
    )
    send_notification_emails.delay()
    return created


@shared_task
def notify_amendment(campaign_id: int, version: int, changes: list[str]) -> int:
    created = notify_assignees(
        kind=Notification.Kind.AMENDED,
        assignments=Assignment.objects.filter(campaign_id=campaign_id),
        params={"version": version, "changes": changes},
    )
    send_notification_emails.delay()
    return created


@shared_task
def send_reminders_and_escalations() -> int:
    """Every minute (beat): due-soon reminders and overdue escalations, once each."""
    sent = send_reminders() + send_escalations()
    if sent:
        send_notification_emails.delay()
    return sent


@shared_task
def send_notification_emails() -> int:
    return send_pending_emails()
