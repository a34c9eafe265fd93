"""``{{ count|grouped }}``: a whole number with the language's thousands separator.

What ``floatformat:"g"`` prints for a whole number ("1.234.567" in Indonesian,
"1,234,567" in English) at a twentieth of its cost: the national dashboard prints
some five hundred numbers, and floatformat's Decimal arithmetic was ~3 ms of it.
Anything but an int goes to floatformat.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format

register = template.Library()


@register.filter
def grouped(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        return floatformat(value, "g")
    return f"{value:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
