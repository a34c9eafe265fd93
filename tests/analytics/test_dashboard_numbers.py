"""The dashboards' number filter prints what floatformat:"g" prints, faster."""

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from analytics.templatetags.dashboard_numbers import grouped


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("id", 1234567, "1.234.567"),
        ("en", 1234567, "1,234,567"),
        ("id", 999, "999"),
        ("id", 0, "0"),
        ("en", -45210, "-45,210"),
    ],
)
def test_whole_numbers_carry_the_languages_thousands_separator(language, value, shown):
    with translation.override(language):
        assert grouped(value) == shown == floatformat(value, "g")


@pytest.mark.parametrize("value", [None, "", 12.5, "1234"])
def test_anything_else_is_printed_as_floatformat_prints_it(value):
    with translation.override("id"):
        assert grouped(value) == floatformat(value, "g")
