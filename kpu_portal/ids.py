"""Ids as they arrive from outside (paths, query strings, files).

Every table's key is a signed 64-bit integer. A larger number names nothing, and
SQLite cannot even bind it (OverflowError, a 500) where Django does not turn the
lookup into "no match" itself, as it does for a field's own ``pk``/``id`` lookups
but not through a foreign key (``post_id=``).
"""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

MAX_ID = 2**63 - 1
# Every number of at most 18 digits fits; the 19-digit ones above MAX_ID do not.
MAX_ID_DIGITS = 18


def is_id(text) -> bool:
    """Whether ``text`` is an id as written in a query string or a file: ASCII digits
    ("²" passes str.isdigit but not int()) of a number that fits."""
    return (
        isinstance(text, str)
        and text.isascii()
        and text.isdigit()
        and 0 < len(text) <= MAX_ID_DIGITS
        and int(text) > 0
    )


class IdConverter:
    """``<id:pk>`` in a URL: like ``<int:pk>``, but a number too large for a key is no
    match (404) rather than a database error."""

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An object id in an API filter: a whole number (so "1.5" is a 400 rather than
    silently 1) that may be a key (1 to MAX_ID; others are a 400 naming the filter)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)  # keys start at 1; a very negative one overflows too
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
