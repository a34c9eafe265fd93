"""The cascade: which units a brief targets, and one assignment for each of them.

Assignments are inserted with one INSERT ... SELECT, so publishing a national brief
to 552 units costs the same number of queries as publishing to 5, and the unique
(campaign, unit) constraint together with NOT EXISTS makes publishing again a no-op.
"""

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from satker.models import Satker
from satker.roles import Level

from .choices import AssignmentStatus, CampaignStatus, ScopeMode
from .models import Assignment, Campaign


def target_units(campaign: Campaign) -> QuerySet[Satker]:
    """The units a brief addresses: below its publisher, never the publisher itself."""
    below = campaign.satker.get_descendants()
    if campaign.scope_mode == ScopeMode.LEVELS:
        return below.filter(level__in=[Level(level).depth for level in campaign.scope_levels])
    if campaign.scope_mode == ScopeMode.UNITS:
        return below.filter(pk__in=campaign.scope_units.values("pk"))
    return below


def insert_assignments(campaign: Campaign, units: QuerySet[Satker]) -> int:
    """Give each of ``units`` an assignment of ``campaign`` unless it has one; count the new."""
    units_sql, units_params = units.values("id").query.sql_with_params()
    table = connection.ops.quote_name(Assignment._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (campaign_id, satker_id, status, created_at) "  # noqa: S608
            f"SELECT %s, unit.id, %s, %s FROM ({units_sql}) unit "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} existing "
            f"WHERE existing.campaign_id = %s AND existing.satker_id = unit.id)",
            [campaign.pk, AssignmentStatus.PENDING.value, now, *units_params, campaign.pk],
        )
        return cursor.rowcount


def open_briefs_targeting(unit: Satker) -> list[Campaign]:
    """Published briefs of the unit's ancestors whose scope takes in a unit at its place.

    Briefs addressed to chosen units never take in a unit that did not exist when
    they were chosen.
    """
    candidates = Campaign.objects.filter(
        status=CampaignStatus.PUBLISHED,
        satker__in=unit.get_ancestors(),
        scope_mode__in=[ScopeMode.SUBTREE, ScopeMode.LEVELS],
    )
    return [
        campaign
        for campaign in candidates
        if campaign.scope_mode == ScopeMode.SUBTREE or unit.tier.value in campaign.scope_levels
    ]
