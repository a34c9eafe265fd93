"""B1: publishing a national brief to 552 units, notifications included.

Candidate: campaigns.services.campaign_publish (one INSERT ... SELECT) and the
notify task's function run in process (one INSERT ... SELECT of notices).
Baseline: the same publication with a save() per assignment and per notice.
Both must leave the same numbers of assignments and notices. The candidate is run
again on a 5-unit second tree (inside a transaction that is rolled back) to show
that its query count does not grow with the number of units.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from campaigns import cascade, services, tasks
from campaigns.choices import AssignmentStatus, CampaignStatus
from campaigns.models import Assignment, Campaign, Notification
from satker.models import ROOT_CODE, Satker, User
from satker.roles import Role
from satker.tree import tree_lock

from .measure import Results, measured, ms, ratio

REPEATS = 3


class _Undo(Exception):
    """Raised to roll back the small tree."""


def _brief(by: User, title: str) -> Campaign:
    starts = timezone.now()
    return services.campaign_create(
        by=by,
        fields={
            "title": title,
            "summary": "Ajakan memeriksa DPT.",
            "key_messages": ["Cek DPT"],
            "hashtags": ["#CekDPT"],
            "platforms": ["instagram", "x"],
            "starts_at": starts,
            "due_at": starts + timedelta(days=7),
        },
    )


def _publish(campaign: Campaign, by: User) -> int:
    created = services.campaign_publish(campaign=campaign, by=by)
    tasks.notify_new_assignments(campaign.pk)  # the task's function, in process
    return created


def _publish_one_by_one(campaign: Campaign, by: User) -> int:
    """The baseline: what publishing looks like with a save() per row."""
    created = 0
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        campaign.status = CampaignStatus.PUBLISHED
        campaign.published_at = timezone.now()
        campaign.published_by = by
        campaign.save()
        for unit in cascade.target_units(campaign):
            assignment = Assignment(campaign=campaign, satker=unit, status=AssignmentStatus.PENDING)
            assignment.save()
            created += 1
            for person in unit.users.filter(is_active=True):
                Notification(
                    recipient=person,
                    kind=Notification.Kind.ASSIGNED,
                    campaign=campaign,
                    assignment=assignment,
                    key=f"assigned:{assignment.pk}",
                ).save()
        audit_record(actor=by, unit=campaign.satker, obj=campaign, action="publish")
    return created


def _counts(campaign: Campaign) -> tuple[int, int]:
    return (
        Assignment.objects.filter(campaign=campaign).count(),
        Notification.objects.filter(campaign=campaign).count(),
    )


def _small_tree_queries() -> tuple[int, int, int]:
    """Queries of publishing + notifying on a 5-unit tree (rolled back afterwards)."""
    result = None
    try:
        with transaction.atomic():
            with tree_lock():
                top = Satker.objects.create(code="B0", name="Bench small tree")
                for index in range(4):
                    Satker.objects.create(code=f"B0.{index}", name=f"Bench {index}", parent=top)
            top.refresh_from_db()
            people = []
            for unit in Satker.objects.filter(code__startswith="B0"):
                for role in (Role.EDITOR, Role.APPROVER, Role.VIEWER):
                    people.append(
                        User(username=f"small{unit.code}.{role.value}", satker=unit, role=role)
                    )
            User.objects.bulk_create(people)
            editor = User.objects.get(username="smallB0.editor")
            approver = User.objects.get(username="smallB0.approver")
            campaign = _brief(editor, "Bench small tree brief")
            with measured() as small:
                created = _publish(campaign, approver)
            result = (small.queries, created, _counts(campaign)[1])
            raise _Undo
    except _Undo:
        pass
    return result


def run(results: Results) -> None:
    root = Satker.objects.get(code=ROOT_CODE)
    editor = User.objects.get(satker=root, role=Role.EDITOR)
    approver = User.objects.get(satker=root, role=Role.APPROVER)
    made: list[Campaign] = []
    try:
        candidate = []
        for attempt in range(REPEATS):
            campaign = _brief(editor, f"Bench B1 candidate {attempt}")
            made.append(campaign)
            with measured() as one:
                created = _publish(campaign, approver)
            candidate.append((one, created, _counts(campaign)))
        baseline_campaign = _brief(editor, "Bench B1 baseline")
        made.append(baseline_campaign)
        with measured() as baseline:
            baseline_created = _publish_one_by_one(baseline_campaign, approver)
        baseline_counts = _counts(baseline_campaign)
    finally:
        Campaign.objects.filter(pk__in=[c.pk for c in made]).delete()

    best = sorted(candidate, key=lambda entry: entry[0].seconds)[len(candidate) // 2]
    measurement, created, counts = best
    for _, _, other_counts in candidate:
        assert other_counts == baseline_counts, (other_counts, baseline_counts)
    assert created == baseline_created == counts[0], (created, baseline_created)
    small_queries, small_created, small_notices = _small_tree_queries()
    speedup = ratio(baseline.seconds, measurement.seconds)

    results.row(
        "B1",
        f"cascade to {created} units + {counts[1]} notices",
        ms(measurement.seconds),
        f"{measurement.queries} queries (median of {REPEATS})",
    )
    results.row(
        "B1",
        "  same with a save() per row (baseline)",
        ms(baseline.seconds),
        f"{baseline.queries} queries",
    )
    results.row(
        "B1", f"  cascade to {small_created} units (5-unit tree)", "", f"{small_queries} queries"
    )
    results.row("B1", "  speed-up over save() loop", f"{speedup}x")
    results.figures["B1"] = {
        "units": created,
        "notifications": counts[1],
        "candidate_ms": round(measurement.seconds * 1000, 1),
        "candidate_runs_ms": [round(m.seconds * 1000, 1) for m, _, _ in candidate],
        "candidate_queries": measurement.queries,
        "baseline_ms": round(baseline.seconds * 1000, 1),
        "baseline_queries": baseline.queries,
        "small_tree_units": small_created,
        "small_tree_notifications": small_notices,
        "small_tree_queries": small_queries,
        "speedup": speedup,
        "identical_totals": True,
    }
    constant = small_queries == measurement.queries
    results.target(
        "B1",
        ">= 10x faster than the save() loop; queries constant in the number of units",
        f"{speedup}x; {measurement.queries} queries for {created} units, "
        f"{small_queries} for {small_created}",
        speedup >= 10 and constant,
    )
