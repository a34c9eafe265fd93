"""Small charts drawn on the server as inline SVG: no script, no CDN, a few kilobytes.

Each chart is an image with a title and a description for screen readers; the page
shows the same figures as a table beside it. Colours come from the stylesheet
(classes ``chart-line``, ``chart-bars``, ``chart-axis``).
"""

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 600, 180
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 22, 24  # room for the labels


def _x(index: int, count: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    if count <= 1:
        return LEFT + inner / 2
    return LEFT + inner * index / (count - 1)


def _y(value: int, top: int) -> float:
    inner = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - (inner * value / top if top else 0)


def _frame(chart_id: str, title: str, description: str, days: list[date], top: int, body):
    first = date_format(days[0], "j M") if days else ""
    last = date_format(days[-1], "j M") if days else ""
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-t {id}-d"'
        ' focusable="false">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>'
        '<line class="chart-axis" x1="{l}" x2="{r}" y1="{base}" y2="{base}"/>'
        '<text class="chart-label" x="{l}" y="14">{top}</text>'
        '<text class="chart-label" x="{l}" y="{below}">{first}</text>'
        '<text class="chart-label" x="{r}" y="{below}" text-anchor="end">{last}</text>'
        "{body}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=title,
        desc=description,
        l=LEFT,
        r=WIDTH - RIGHT,
        base=HEIGHT - BOTTOM,
        below=HEIGHT - 6,
        top=number_format(top, force_grouping=True),
        first=first,
        last=last,
        body=body,
    )


def line_chart(
    chart_id: str, title: str, description: str, days: list[date], values: list[int]
) -> SafeString:
    """A line through each day's value (a figure as of the end of each day)."""
    top = max(values, default=0)
    count = len(values)
    points = " ".join(f"{_x(i, count):.1f},{_y(v, top):.1f}" for i, v in enumerate(values))
    if count == 1:  # one day: a dot, not an invisible line
        body = format_html(
            '<circle class="chart-dot" cx="{}" cy="{}" r="4"/>',
            f"{_x(0, 1):.1f}",
            f"{_y(values[0], top):.1f}",
        )
    else:
        body = format_html('<polyline class="chart-line" points="{}"/>', points)
    return _frame(chart_id, title, description, days, top, body)


def bar_chart(
    chart_id: str, title: str, description: str, days: list[date], values: list[int]
) -> SafeString:
    """A bar per day (a count of that day), all drawn as one path."""
    top = max(values, default=0)
    count = len(values)
    inner = WIDTH - LEFT - RIGHT
    width = max(1.0, min(24.0, inner / max(count, 1) * 0.7))
    # Bars stand inside the frame: their centres run from half a bar in from each side.
    span = inner - width
    base = HEIGHT - BOTTOM
    commands = format_html_join(
        "",
        "M{} {}V{}",
        (
            (
                f"{LEFT + width / 2 + (span * i / (count - 1) if count > 1 else span / 2):.1f}",
                base,
                f"{_y(v, top):.1f}",
            )
            for i, v in enumerate(values)
            if v
        ),
    )
    body = (
        format_html('<path class="chart-bars" stroke-width="{}" d="{}"/>', f"{width:.1f}", commands)
        if top
        else ""
    )
    return _frame(chart_id, title, description, days, top, body)
