"""Notices to people: created in bulk, shown in the inbox, e-mailed by a worker.

Creating a notice is idempotent: each carries a key ("assigned:42") unique per
person, and rows are inserted with ON CONFLICT DO NOTHING, so a task that runs
twice (a redelivery after a worker died) tells nobody anything twice.
"""

import json
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from satker import scope
from satker.models import User
from satker.timefmt import format_unit_time

from .choices import Platform
from .models import Assignment, Campaign, Notification
from .selectors import visible_campaigns

EMAIL_BATCH = 200


def notify_assignees(
    *, kind: str, assignments: QuerySet[Assignment], params: dict | None = None
) -> int:
    """One notice of ``kind`` to every active person at each assignment's unit.

    The key is "<kind>:<assignment id>", or "<kind>:<assignment id>:v<version>" for
    amendments, which may come more than once. One INSERT ... SELECT whatever the count.
    """
    params = params or {}
    suffix = f":v{params['version']}" if "version" in params else ""
    rows_sql, rows_params = assignments.values(
        "id", "satker_id", "campaign_id"
    ).query.sql_with_params()
    notices = connection.ops.quote_name(Notification._meta.db_table)
    users = connection.ops.quote_name(User._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {notices} "  # noqa: S608 - only table names are interpolated
            "(recipient_id, kind, campaign_id, assignment_id, params, key, created_at) "
            "SELECT person.id, %s, assigned.campaign_id, assigned.id, %s, "
            "%s || assigned.id || %s, %s "
            f"FROM ({rows_sql}) assigned JOIN {users} person "
            "ON person.satker_id = assigned.satker_id "
            "WHERE person.is_active ON CONFLICT DO NOTHING",
            [kind, json.dumps(params), f"{kind}:", suffix, now, *rows_params],
        )
        return cursor.rowcount


def drop_notices_out_of_sight(user: User) -> int:
    """After ``user`` moved unit: delete their notices about assignments outside the
    new unit's subtree, or about briefs it may not read (nothing outside one's subtree
    is ever visible); returns how many."""
    notices = Notification.objects.filter(recipient=user)
    in_sight = notices.filter(
        Q(assignment__isnull=True, campaign__in=visible_campaigns(user).values("pk"))
        | Q(scope.subtree_q(user.satker, "assignment__satker"), assignment__isnull=False)
    )
    deleted, _per_model = notices.exclude(pk__in=in_sight.values("pk")).delete()
    return deleted


def notify_people(
    *,
    kind: str,
    assignment: Assignment,
    recipients: Iterable[User],
    params: dict | None = None,
    key: str | None = None,
) -> int:
    """One notice about ``assignment`` to each of ``recipients`` (escalations, reviews).

    ``key`` says what the notice is about when that is more than the assignment
    ("review:<post>:v<version>"); by default "<kind>:<assignment id>".
    """
    notices = [
        Notification(
            recipient=person,
            kind=kind,
            campaign_id=assignment.campaign_id,
            assignment=assignment,
            params=params or {},
            key=key or f"{kind}:{assignment.pk}",
        )
        for person in recipients
    ]
    return len(Notification.objects.bulk_create(notices, ignore_conflicts=True))


def send_pending_emails() -> int:
    """E-mail every notice not yet e-mailed to people who have an address; count them.

    A batch is claimed with SELECT ... FOR UPDATE SKIP LOCKED and marked in the same
    transaction as it is sent: two workers never send the same notice, and a worker
    that dies mid-batch leaves it for the next run (at least once, never lost).
    """
    sent = 0
    while batch := _send_one_batch():
        sent += batch
    return sent


def _send_one_batch() -> int:
    with transaction.atomic():
        notices = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(emailed_at__isnull=True)
            .exclude(recipient__email="")
            .select_related("recipient__satker", "campaign__satker", "assignment__satker")
            .order_by("id")[:EMAIL_BATCH]
        )
        if not notices:
            return 0
        get_connection().send_messages([_email(notice) for notice in notices])
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
            emailed_at=timezone.now()
        )
        return len(notices)


def _email(notice: Notification) -> EmailMessage:
    # In the language the person last picked with the switch (satker.User.language).
    with translation.override(notice.recipient.language or settings.LANGUAGE_CODE):
        subject, body = notice_text(notice)
        link = settings.PORTAL_URL.rstrip("/") + open_url(notice)
        body = f"{body}\n\n{link}"
    return EmailMessage(subject=subject, body=body, to=[notice.recipient.email])


def open_url(notice: Notification) -> str:
    """The notice's own link (inbox and e-mail): it marks the notice read on the way
    to ``notice_url``."""
    return reverse("notification-open", args=[notice.pk])


def notice_url(notice: Notification) -> str:
    if notice.kind == Notification.Kind.REVIEW:
        return reverse("post-review", args=[notice.params["post"]])
    if "post" in notice.params:
        return reverse("post-detail", args=[notice.params["post"]])
    if notice.kind == Notification.Kind.ESCALATION:
        return reverse("brief-progress", args=[notice.campaign_id])
    return reverse("brief-detail", args=[notice.campaign_id])


def notice_text(notice: Notification) -> tuple[str, str]:
    """(subject, body) of a notice in the active language."""
    campaign = notice.campaign
    unit = notice.assignment.satker if notice.assignment_id else notice.recipient.satker
    values = {
        "title": campaign.title,
        "unit": unit.name,
        "publisher": campaign.satker.name,
        "due": format_unit_time(campaign.due_at, unit),
        "version": notice.params.get("version", campaign.version),
        "changes": ", ".join(
            str(Campaign._meta.get_field(name).verbose_name)
            for name in notice.params.get("changes", [])
        ),
        "platform": _platform_label(notice.params.get("platform")),
        "reviewer": notice.params.get("reviewer", ""),
        "comment": notice.params.get("comment", ""),
    }
    subject, body = _TEXTS[notice.kind]()
    return subject % values, body % values


_TEXTS = {
    Notification.Kind.ASSIGNED: lambda: (
        _("New assignment: %(title)s"),
        _("%(publisher)s has assigned the brief “%(title)s” to %(unit)s. Due: %(due)s."),
    ),
    Notification.Kind.AMENDED: lambda: (
        _("Brief amended: %(title)s (version %(version)s)"),
        _("“%(title)s” is now at version %(version)s. Changed: %(changes)s. Due: %(due)s."),
    ),
    Notification.Kind.REMINDER: lambda: (
        _("Due soon: %(title)s"),
        _("The assignment “%(title)s” of %(unit)s is due %(due)s and is not published yet."),
    ),
    Notification.Kind.ESCALATION: lambda: (
        _("Overdue at %(unit)s: %(title)s"),
        _("%(unit)s has not published “%(title)s”, which was due %(due)s."),
    ),
    Notification.Kind.REVIEW: lambda: (
        _("Post to review from %(unit)s: %(title)s"),
        _(
            "%(unit)s has submitted its %(platform)s post for “%(title)s” for your review. "
            "The brief is due %(due)s."
        ),
    ),
    Notification.Kind.CHANGES: lambda: (
        _("Changes requested: %(title)s"),
        _("%(reviewer)s asks for changes to your %(platform)s post for “%(title)s”: %(comment)s"),
    ),
    Notification.Kind.APPROVED: lambda: (
        _("Post approved: %(title)s"),
        _(
            "%(reviewer)s approved your %(platform)s post for “%(title)s”. Once it is out, "
            "record where and when it was published."
        ),
    ),
}


def _platform_label(code: str | None) -> str:
    return str(Platform(code).label) if code in Platform.values else (code or "")
