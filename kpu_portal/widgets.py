"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class LongSelect(forms.Select):
    """A ``<select>`` of many options drawn in Python instead of Django's templates.

    Django's Select renders two templates per option (the option and its
    attributes): for the dashboard's list of a hundred briefs that was ~6 ms of a
    ~33 ms page. The HTML is the same as Django's; option groups are not supported.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group, _index in widget["optgroups"]:
            if group_name:
                raise ValueError("LongSelect does not draw option groups")
            options.extend(group)
        drawn = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for option in options
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', widget["name"], flatatt(widget["attrs"]), drawn
        )
