"""``{% dash_bar percent count %}``: a share drawn as a bar with its percent (and count).

A tag rather than an included template: the national dashboard draws some 160 of
them, and an ``{% include %}`` per cell was a large part of rendering the page.
"""

from django import template
from django.utils.html import format_html

from .dashboard_numbers import grouped

register = template.Library()


@register.simple_tag
def dash_bar(percent: int, count: int | None = None) -> str:
    counted = (
        format_html(' <span class="dash-count">({})</span>', grouped(count))
        if count is not None
        else ""
    )
    return format_html(
        '<span class="dash-bar"><meter min="0" max="100" value="{}" aria-hidden="true">'
        '</meter> <span class="dash-percent">{}%</span>{}</span>',
        percent,
        percent,
        counted,
    )
