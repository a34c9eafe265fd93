from django import template

from satker.timefmt import format_unit_time

register = template.Library()


@register.filter
def unit_time(moment, unit):
    """{{ assignment.due_at|unit_time:assignment.satker }} -> "30 Nov 2026 17.00 WITA"."""
    return format_unit_time(moment, unit)
