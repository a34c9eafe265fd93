"""Form widgets shared by the apps."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class LongOptionsMixin:
    """A ``<select>`` of many options drawn in Python instead of Django's templates.

    Django's Select renders two templates per option (the option and its
    attributes): for the dashboard's list of a hundred briefs that was ~6 ms of a
    ~33 ms page, and a national unit select (553 options) ~8 ms even built with
    format_html. Options are escaped with the standard library's ``html.escape``
    (what Django's escape does, without its lazy-string checks). The HTML is the
    same as Django's; option groups are not supported.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                raise ValueError("LongSelect does not draw option groups")
            text = "" if option_value is None else str(option_value)
            selected = " selected" if text in chosen else ""
            if not self.allow_multiple_selected:
                chosen.discard(text)  # one selected option, as Django's single select
            options.append(
                f'<option value="{html.escape(text)}"{selected}>{html.escape(str(label))}</option>'
            )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        multiple = " multiple" if self.allow_multiple_selected else ""
        return mark_safe(  # noqa: S308 - every value above is escaped
            f'<select name="{html.escape(name)}"{attrs}{multiple}>\n'
            + "\n".join(options)
            + "\n</select>"
        )


class LongSelect(LongOptionsMixin, forms.Select):
    """A long ``<select>`` (a unit or brief filter)."""


class LongSelectMultiple(LongOptionsMixin, forms.SelectMultiple):
    """A long ``<select multiple>`` (a brief's 552 chosen units)."""
