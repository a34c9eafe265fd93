"""The list of units needing support, and its CSV download (scoped like the page).

Anyone reads it for the units below their own (satker.scope); a unit without
units below it sees an empty list that says so.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satker import capacity
from satker.capacity import Skill
from satker.forms import PortalForm, UnitChoiceField
from satker.roles import Level
from satker.timefmt import unit_local

from .exports import Table, csv_response
from .support import LOW_COMPLETION_BELOW, UnitSupport, by_urgency, units_below

SUPPORT_PER_PAGE = 50

NEEDING, ALL, UNASSESSED = "needs", "all", "unassessed"
LOW_CAPACITY, POOR_CONNECTIVITY = "low_capacity", "poor_connectivity"

# What each choice of "show" keeps (ALL keeps every unit).
PICKS = {
    NEEDING: lambda row: row.needs_support,
    UNASSESSED: lambda row: not row.assessed,
    LOW_CAPACITY: lambda row: row.low_capacity,
    POOR_CONNECTIVITY: lambda row: row.poor_connectivity,
}


class SupportFilterForm(PortalForm):
    """Which units to list; a bad value is reported and ignored (the default applies)."""

    show = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            (NEEDING, gettext_lazy("Units needing support")),
            (ALL, gettext_lazy("All units")),
            (LOW_CAPACITY, gettext_lazy("Low capacity, whatever their completion")),
            (POOR_CONNECTIVITY, gettext_lazy("Poor connectivity, whatever their completion")),
            (UNASSESSED, gettext_lazy("Units without a profile")),
        ],
    )
    level = forms.ChoiceField(label=gettext_lazy("Level"), required=False)

    field_order = ["show", "within", "level"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor_unit = actor.satker
        below = [level for level in Level if level.depth > actor.satker.level]
        self.fields["level"].choices = [
            ("", _("All levels")),
            *[(level.value, level.label) for level in below],
        ]
        within = UnitChoiceField(
            actor=actor,
            required=False,
            empty_label=_("All units below yours"),
            help_text=_("Only the units below this one."),
        )
        within.queryset = within.queryset.filter(level__lt=Level.REGENCY.depth)
        within.label = _("Within")
        self.fields["within"] = within
        self.order_fields(self.field_order)
        self.is_valid()  # cleaned_data then holds the fields that are valid

    @property
    def root(self):
        return self.cleaned_data.get("within") or self.actor_unit

    @property
    def shown(self) -> str:
        return self.cleaned_data.get("show") or NEEDING

    def units(self, now) -> list[UnitSupport]:
        """Every unit the filters name except ``show``, the most urgent first."""
        level = self.cleaned_data.get("level")
        depth = Level(level).depth if level else None
        return by_urgency(units_below(self.root, now=now, level=depth))

    def pick(self, rows: list[UnitSupport]) -> list[UnitSupport]:
        keep = PICKS.get(self.shown)
        return [row for row in rows if keep(row)] if keep else rows


@login_required
def support_list(request):
    filters = SupportFilterForm(request.GET, actor=request.user)
    rows = filters.units(timezone.now())
    page = Paginator(filters.pick(rows), SUPPORT_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "root": filters.root,
        "has_units_below": request.user.satker.has_children_level,
        "unit_count": len(rows),
        "needing_count": sum(row.needs_support for row in rows),
        "unassessed_count": sum(not row.assessed for row in rows),
        "shown": filters.shown,
        "shown_label": dict(filters.fields["show"].choices).get(filters.shown, ""),
        "skill_count": len(Skill),
        "low_capacity_below": capacity.LOW_CAPACITY_BELOW,
        "low_completion_percent": round(LOW_COMPLETION_BELOW * 100),
    }
    return render(request, "analytics/support.html", context)


@login_required
def support_export(request):
    filters = SupportFilterForm(request.GET, actor=request.user)
    rows = filters.pick(filters.units(timezone.now()))
    today = unit_local(timezone.now(), request.user.satker).date()  # as every download
    filename = f"units-needing-support-{filters.root.code}-{today.isoformat()}.csv"
    return csv_response(support_table(rows), filename)


def support_table(rows: list[UnitSupport]) -> Table:
    header = [
        _("Code"),
        _("Work unit"),
        _("Connectivity"),
        _("Skills covered"),
        _("Briefs due"),
        _("Published"),
        _("Completion (%)"),
        _("Needs support"),
    ]
    return Table(
        name="support",
        title=_("Units needing support"),
        header=header,
        rows=[
            [
                row.unit.code,
                row.unit.name,
                row.connectivity_label if row.assessed else _("Not filled in"),
                row.covered,
                row.due,
                row.published,
                round(row.completion * 100) if row.completion is not None else None,
                _("Yes") if row.needs_support else _("No"),
            ]
            for row in rows
        ],
    )
