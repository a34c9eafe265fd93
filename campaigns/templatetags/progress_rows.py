"""A brief's progress per unit, drawn in Python.

A national brief's page draws 553 rows; through a template include per row that was
~280 ms of rendering. The HTML is what campaigns/_progress_counts.html drew: each
province folds its regencies into <details>.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.simple_tag
def progress_row(row, heading: bool = False) -> str:
    """``{% progress_row progress heading=True %}``: one unit's counts and bar."""
    return mark_safe(_row(row, heading=heading))  # noqa: S308 - every text is escaped


@register.simple_tag
def progress_children(progress) -> str:
    """``{% progress_children progress %}``: the units below, each province folding
    its regencies."""
    items = []
    for child in progress.children:
        if child.children:
            below = "".join(f"<li>{_row(grandchild)}</li>" for grandchild in child.children)
            items.append(
                f"<li><details><summary>{_row(child)}</summary><ul>{below}</ul></details></li>"
            )
        else:
            items.append(f"<li>{_row(child)}</li>")
    return mark_safe('<ul class="progress-tree">' + "\n".join(items) + "</ul>")  # noqa: S308


def _row(row, *, heading: bool = False) -> str:
    name = escape(row.satker.name)
    counts = gettext("%(ack)s/%(total)s acknowledged · %(sub)s submitted · %(pub)s published") % {
        "ack": row.acknowledged,
        "total": row.total,
        "sub": row.submitted,
        "pub": row.published,
    }
    overdue = ""
    if row.overdue:
        text = ngettext("%(counter)s overdue", "%(counter)s overdue", row.overdue) % {
            "counter": row.overdue
        }
        overdue = f' · <strong class="overdue">{escape(text)}</strong>'
    return (
        f'<div class="progress-row{" has-overdue" if row.overdue else ""}" '
        f'data-unit="{escape(row.satker.code)}">'
        f'<span class="unit-name">{f"<strong>{name}</strong>" if heading else name}</span>'
        f'<meter min="0" max="{row.total or 1}" value="{row.published}" '
        f'aria-label="{escape(gettext("Published"))}">{row.share_published}%</meter>'
        f'<span class="progress-counts">{escape(counts)}{overdue}</span></div>'
    )
