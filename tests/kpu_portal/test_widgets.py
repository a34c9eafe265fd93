"""kpu_portal.widgets: LongSelect draws what Django's Select draws, without templates."""

import pytest
from django import forms
from django.test.html import parse_html

from kpu_portal.widgets import LongSelect, LongSelectMultiple

CHOICES = [("", "Semua"), (1, "Cek DPT & <Pemilih>"), (2, "Hoaks")]


def _drawn(widget_class, value) -> str:
    widget = widget_class(attrs={"aria-describedby": "campaign-hint"}, choices=CHOICES)
    return widget.render("campaign", value, attrs={"id": "id_campaign", "required": False})


@pytest.mark.parametrize("value", [None, "", 2, "1"])
def test_it_draws_the_same_select_as_django(value):
    assert parse_html(_drawn(LongSelect, value)) == parse_html(_drawn(forms.Select, value))


@pytest.mark.parametrize("value", [None, [], [2], ["1", "2"]])
def test_the_multiple_select_draws_the_same_as_djangos(value):
    drawn = _drawn(LongSelectMultiple, value)
    assert parse_html(drawn) == parse_html(_drawn(forms.SelectMultiple, value))


def test_it_marks_the_chosen_option_and_escapes_labels():
    drawn = _drawn(LongSelect, 1)
    assert '<option value="1" selected>Cek DPT &amp; &lt;Pemilih&gt;</option>' in drawn
    assert '<option value="2">Hoaks</option>' in drawn


def test_it_refuses_option_groups_rather_than_dropping_them():
    widget = LongSelect(choices=[("Lama", [(1, "Cek DPT")])])
    with pytest.raises(ValueError, match="option groups"):
        widget.render("campaign", None)
