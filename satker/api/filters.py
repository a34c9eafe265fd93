"""Query filters of /api/v1/satker/: level, parent and search (DESIGN.md §7)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpu_portal.ids import IdFilter
from satker.models import Satker
from satker.roles import Level


class SatkerFilter(django_filters.FilterSet):
    # An unknown level is a 400 naming "level" (ChoiceFilter validates before filtering).
    level = django_filters.ChoiceFilter(
        choices=Level.choices, method="filter_level", help_text=_("national, province or regency")
    )
    parent = IdFilter(field_name="parent_id", help_text=_("Id of the parent unit."))
    search = django_filters.CharFilter(
        method="filter_search", help_text=_("Part of a name, or the start of a code.")
    )

    class Meta:
        model = Satker
        fields = ["level", "parent", "search"]

    def filter_level(self, queryset, name, value: str):
        # The API names levels; the tree stores MPTT depths.
        return queryset.filter(level=Level(value).depth)

    def filter_search(self, queryset, name, value: str):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))
