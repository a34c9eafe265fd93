"""The unit tree of the home page, drawn in Python.

A national page draws 553 units; through recursive template includes that was most
of the page's ~70 ms. The HTML is what the templates drew: the top unit shows its
children, the units below it fold theirs into <details>.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def unit_tree(nodes) -> str:
    """``{% unit_tree roots %}``: satker.views.UnitNode trees as nested lists."""
    return mark_safe(_tree(nodes, top=True))  # noqa: S308 - every text is escaped


def _tree(nodes, *, top: bool) -> str:
    items = []
    for node in nodes:
        label = _label(node.unit, len(node.children))
        if node.children and not top:
            below = _tree(node.children, top=False)
            items.append(f"<li><details><summary>{label}</summary>{below}</details></li>")
        else:
            below = _tree(node.children, top=False) if node.children else ""
            items.append(f'<li><div class="unit-row">{label}</div>{below}</li>')
    return '<ul class="unit-tree">\n' + "\n".join(items) + "\n</ul>"


def _label(unit, children: int) -> str:
    counted = ""
    if unit.has_children_level:
        text = ngettext("%(counter)s unit below", "%(counter)s units below", children) % {
            "counter": children
        }
        counted = f' <span class="unit-children">{escape(text)}</span>'
    return (
        f'<span class="unit-name">{escape(unit.name)}</span> <span class="unit-meta">'
        f"<code>{escape(unit.code)}</code> "
        f'<abbr title="{escape(unit.timezone)}">{escape(str(unit.zone_label))}</abbr>'
        f"{counted}</span>"
    )
