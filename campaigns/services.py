"""Writes about briefs and assignments. Views, the API and tasks call these.

Each service checks the actor's right to act (403) after the caller has fetched
the object through satker.scope (404), keeps the state machine (409), validates
(400 through ValidationError) and enqueues side effects after commit. Every write
also records one audit row (audit.services) in its own transaction: a change that
fails or rolls back leaves none.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from kpu_portal import events
from kpu_portal.exceptions import Conflict
from satker.models import Satker, User
from satker.roles import Role

from . import cascade, tasks
from .choices import AssignmentStatus, CampaignStatus
from .models import Assignment, Campaign, VoterSegment
from .validation import clean_campaign, clean_scope_units

# Fields whose change after publishing is an amendment that assignees hear about.
AMENDABLE_FIELDS = [
    "title",
    "summary",
    "key_messages",
    "hashtags",
    "guidance",
    "platforms",
    "starts_at",
    "due_at",
    "priority",
    "deadline_hours",
]
# What the audit log records of a brief: the amendable fields and, for drafts, the scope.
AUDITED_FIELDS = [*AMENDABLE_FIELDS, "scope_mode", "scope_levels"]


def may_write_briefs(user: User) -> bool:
    """Editors and above at a unit that has units below it."""
    return user.has_role(Role.EDITOR) and user.satker.has_children_level


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_own_unit(campaign: Campaign, by: User, role: Role) -> None:
    _require(
        by.satker_id == campaign.satker_id and by.has_role(role),
        _("Only the %(role)s role or higher at %(unit)s may do this.")
        % {"role": Role(role).label, "unit": campaign.satker.name},
    )


def edit_role(campaign: Campaign) -> Role:
    """Editors change a draft; an amendment of a published brief reaches every
    assignee at once, as publishing did, so it takes an approver (four eyes)."""
    return Role.EDITOR if campaign.status == CampaignStatus.DRAFT else Role.APPROVER


def may_edit(user: User, campaign: Campaign) -> bool:
    return (
        user.satker_id == campaign.satker_id
        and campaign.status != CampaignStatus.CLOSED
        and user.has_role(edit_role(campaign))
    )


def campaign_create(
    *,
    by: User,
    fields: dict,
    segments: list[VoterSegment] | None = None,
    scope_units: list[Satker] | None = None,
) -> Campaign:
    _require(may_write_briefs(by), _("Only editors at units with units below them write briefs."))
    campaign = Campaign(satker=by.satker, created_by=by, **fields)
    with transaction.atomic():
        _validate(campaign, scope_units)
        campaign.save()
        campaign.segments.set(segments or [])
        campaign.scope_units.set(scope_units or [])
        initial = {name: getattr(campaign, name) for name in AUDITED_FIELDS}
        initial["segments"] = sorted(segment.code for segment in segments or [])
        initial["scope_units"] = sorted(unit.code for unit in scope_units or [])
        audit_record(
            actor=by,
            unit=campaign.satker,
            obj=campaign,
            action="create",
            changes={name: (None, v) for name, v in initial.items() if v not in (None, "", [])},
        )
    return campaign


def campaign_update(
    *,
    campaign: Campaign,
    by: User,
    fields: dict,
    segments: list[VoterSegment] | None = None,
    scope_units: list[Satker] | None = None,
) -> Campaign:
    """Edit a draft (editors and above); amend a published brief (approvers and above:
    a new version, and notices to every assignee)."""
    _require_own_unit(campaign, by, Role.EDITOR)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status == CampaignStatus.CLOSED:
            raise Conflict(_("A closed brief cannot be changed."))
        published = campaign.status == CampaignStatus.PUBLISHED
        _require_own_unit(campaign, by, edit_role(campaign))  # as it is now, locked
        if published and _scope_changes(campaign, fields, scope_units):
            raise Conflict(_("The scope of a published brief cannot change."))
        before = {name: getattr(campaign, name) for name in AUDITED_FIELDS}
        before_segments = set(campaign.segments.values_list("pk", flat=True))
        before_units = None
        if scope_units is not None and not published:
            before_units = sorted(campaign.scope_units.values_list("code", flat=True))
        for name, value in fields.items():
            setattr(campaign, name, value)
        _validate(campaign, scope_units if scope_units is not None else None)
        changed = [n for n in AMENDABLE_FIELDS if getattr(campaign, n) != before[n]]
        if segments is not None and {s.pk for s in segments} != before_segments:
            changed.append("segments")
        if published and changed:
            campaign.version += 1
        campaign.save()
        if segments is not None:
            campaign.segments.set(segments)
        if scope_units is not None and not published:
            campaign.scope_units.set(scope_units)
        if published and changed:
            tasks.notify_amendment.delay_on_commit(campaign.pk, campaign.version, changed)
        _audit_update(campaign, by, before, before_segments, before_units, segments, scope_units)
    return campaign


def _audit_update(campaign, by, before, before_segments, before_units, segments, scope_units):
    """One row for an edit of a draft or an amendment (new version) of a published brief."""
    changes = {
        name: (before[name], getattr(campaign, name))
        for name in AUDITED_FIELDS
        if getattr(campaign, name) != before[name]
    }
    if segments is not None and {s.pk for s in segments} != before_segments:
        old = VoterSegment.objects.filter(pk__in=before_segments).values_list("code", flat=True)
        changes["segments"] = (sorted(old), sorted(s.code for s in segments))
    if before_units is not None and sorted(u.code for u in scope_units) != before_units:
        changes["scope_units"] = (before_units, sorted(u.code for u in scope_units))
    if not changes:
        return
    published = campaign.status == CampaignStatus.PUBLISHED
    if published:
        changes["version"] = (campaign.version - 1, campaign.version)
    audit_record(
        actor=by,
        unit=campaign.satker,
        obj=campaign,
        action="amend" if published else "edit",
        changes=changes,
    )


def _scope_changes(campaign: Campaign, fields: dict, scope_units) -> bool:
    if "scope_mode" in fields and fields["scope_mode"] != campaign.scope_mode:
        return True
    if "scope_levels" in fields and set(fields["scope_levels"]) != set(campaign.scope_levels):
        return True  # the same levels in another order are the same scope
    if scope_units is not None:
        return {u.pk for u in scope_units} != set(campaign.scope_units.values_list("pk", flat=True))
    return False


def _validate(campaign: Campaign, scope_units: list[Satker] | None) -> None:
    clean_campaign(campaign)
    if scope_units is None and campaign.pk:
        scope_units = list(campaign.scope_units.all())
    clean_scope_units(campaign.satker, campaign.scope_mode, scope_units or [])
    campaign.full_clean(exclude=["created_by", "satker"])


def campaign_delete(*, campaign: Campaign, by: User) -> None:
    _require_own_unit(campaign, by, Role.EDITOR)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.DRAFT:
            raise Conflict(_("Only a draft can be deleted; close a published brief instead."))
        audit_record(
            actor=by,
            unit=campaign.satker,
            obj=campaign,
            action="delete",
            changes={"status": (campaign.status, None)},
        )
        campaign.delete()


def campaign_publish(*, campaign: Campaign, by: User) -> int:
    """Publish the brief to its targets; returns the number of new assignments.

    Publishing again creates none. Queries do not grow with the number of units.
    """
    _require_own_unit(campaign, by, Role.APPROVER)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status == CampaignStatus.CLOSED:
            raise Conflict(_("A closed brief cannot be published."))
        status_before = campaign.status
        # A draft has no assignments yet; only publishing again needs to count them.
        draft = campaign.status == CampaignStatus.DRAFT
        assignments_before = 0 if draft else campaign.assignments.count()
        if draft and campaign.due_at <= timezone.now():
            # Every assignment would be overdue the moment it arrives.
            raise ValidationError(
                {"due_at": [_("The due time has passed: set a later one before publishing.")]}
            )
        if campaign.status == CampaignStatus.DRAFT:
            campaign.status = CampaignStatus.PUBLISHED
            campaign.published_at = timezone.now()
            campaign.published_by = by
            campaign.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        created = cascade.insert_assignments(campaign, cascade.target_units(campaign))
        if created:
            _announce_states(Assignment.objects.filter(campaign=campaign))
        if created:
            tasks.notify_new_assignments.delay_on_commit(campaign.pk)
        if created or campaign.status != status_before:
            changes = {"assignments": (assignments_before, assignments_before + created)}
            if campaign.status != status_before:
                changes = {"status": (status_before, campaign.status), **changes}
            audit_record(
                actor=by, unit=campaign.satker, obj=campaign, action="publish", changes=changes
            )
    return created


def campaign_close(*, campaign: Campaign, by: User) -> Campaign:
    _require_own_unit(campaign, by, Role.APPROVER)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.PUBLISHED:
            raise Conflict(_("Only a published brief can be closed."))
        campaign.status = CampaignStatus.CLOSED
        campaign.closed_at = timezone.now()
        campaign.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=by,
            unit=campaign.satker,
            obj=campaign,
            action="close",
            changes={"status": (CampaignStatus.PUBLISHED, CampaignStatus.CLOSED)},
        )
    return campaign


def campaign_lessons_write(*, campaign: Campaign, by: User, lessons: str) -> Campaign:
    """The publishing unit's lessons on a closed brief, shown on its evaluation page.

    Editors and above at the publishing unit write them; 409 until the brief is
    closed. Writing the same text again changes nothing and records nothing."""
    _require_own_unit(campaign, by, Role.EDITOR)
    lessons = lessons.strip()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.CLOSED:
            raise Conflict(_("Lessons are written once the brief is closed."))
        if campaign.lessons == lessons:
            return campaign
        before = campaign.lessons
        campaign.lessons, campaign.lessons_by, campaign.lessons_at = lessons, by, timezone.now()
        campaign.save(update_fields=["lessons", "lessons_by", "lessons_at", "updated_at"])
        audit_record(
            actor=by,
            unit=campaign.satker,
            obj=campaign,
            action="lessons",
            changes={"lessons": (before, lessons)},
        )
    return campaign


def assignment_acknowledge(*, assignment: Assignment, by: User) -> Assignment:
    _require(
        by.satker_id == assignment.satker_id and by.has_role(Role.EDITOR),
        _("Only editors of %(unit)s acknowledge its assignments.")
        % {"unit": assignment.satker.name},
    )
    if assignment.campaign.status == CampaignStatus.CLOSED:
        raise Conflict(_("The brief is closed: there is nothing left to acknowledge."))
    now = timezone.now()
    with transaction.atomic():
        # A conditional UPDATE: of two clicks at once, exactly one acknowledges.
        claimed = Assignment.objects.filter(
            pk=assignment.pk, status=AssignmentStatus.PENDING
        ).update(status=AssignmentStatus.ACKNOWLEDGED, acknowledged_at=now, acknowledged_by=by)
        if not claimed:
            raise Conflict(_("This assignment has already been acknowledged."))
        assignment.refresh_from_db()
        _announce_states(Assignment.objects.filter(pk=assignment.pk))
        audit_record(
            actor=by,
            unit=assignment.satker,
            obj=assignment,
            action="acknowledge",
            changes={"status": (AssignmentStatus.PENDING, AssignmentStatus.ACKNOWLEDGED)},
        )
    return assignment


def assign_open_briefs(unit: Satker) -> int:
    """A unit added to the tree receives the open briefs that target it."""
    created = 0
    for campaign in cascade.open_briefs_targeting(unit):
        new = cascade.insert_assignments(campaign, Satker.objects.filter(pk=unit.pk))
        if new:
            tasks.notify_new_assignments.delay_on_commit(campaign.pk)
            _announce_states(Assignment.objects.filter(campaign=campaign, satker=unit))
        created += new
    return created


def _announce_states(assignments) -> None:
    """Tell listeners (the roll-ups) which assignments changed state."""
    events.announce(events.STATES_CHANGED, assignments)
