"""Pages of the sync dashboard (Dasbor Sinkronisasi) and its downloads.

Every role may view the dashboard of any unit in its own subtree; a unit outside
it answers 404 (satker.scope). The page and the downloads read the same
``Dashboard`` (analytics.dashboard_tables), with the same filters.
"""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from satker import scope
from satker.models import Satker
from satker.timefmt import format_unit_time, unit_local

from . import charts, exports, page_cache
from .dashboard_tables import Dashboard, FilterForm, filter_form

BODY = "analytics/_dashboard_body.html"


def _unit_or_404(request, satker_id: int) -> Satker:
    return scope.get_visible_or_404(request.user, Satker, pk=satker_id)


def _dashboard(unit: Satker, form: FilterForm) -> Dashboard:
    data = form.cleaned_data if form.is_bound else {}
    return Dashboard(
        unit, campaign=data.get("campaign"), start=data.get("start"), end=data.get("end")
    )


def _query(form: FilterForm) -> str:
    """The filters as a query string for links (drill-down, downloads): "?campaign=3"."""
    if not form.is_bound:
        return ""
    given = {name: value for name, value in form.data.items() if value}
    return f"?{urlencode(given)}" if given else ""


@login_required
@require_GET
def dashboard_home(request):
    """The dashboard of the viewer's own unit."""
    target = reverse("dashboard", args=[request.user.satker_id])
    query = request.GET.urlencode()
    return redirect(f"{target}?{query}" if query else target)


@login_required
@require_GET
def dashboard(request, satker_id: int):
    """The page: the body comes from the page cache unless a roll-up run committed
    since it was rendered (analytics.page_cache)."""
    unit = _unit_or_404(request, satker_id)
    key = page_cache.body_key(request, unit)
    body, status = page_cache.get(key), 200
    if body is None:
        body, status, changes_at = _body(request, unit)
        if status == 200:
            page_cache.put(key, body, changes_at)
    return render(request, "analytics/dashboard.html", {"unit": unit, "body": body}, status=status)


def _body(request, unit: Satker) -> tuple[str, int, datetime | None]:
    """The page's body (breadcrumb, filters, the board) as HTML, its status, and the
    next instant the clock alone changes it. It reads nothing of the request but the
    filters, the viewer's unit and the language: what page_cache keys it by."""
    form = filter_form(request)
    context = {
        "unit": unit,
        "form": form,
        "breadcrumb": _breadcrumb(request.user.satker, unit),
        "query": _query(form),
    }
    if form.is_bound and not form.is_valid():
        return render_to_string(BODY, context), 400, None
    board = _dashboard(unit, form)
    context.update(
        board=board,
        posts_url=_posts_url(unit, board.campaign),
        as_of=format_unit_time(board.as_of, request.user.satker),
        charts=_charts(board),
        tables=list(exports.TITLES.items()),
    )
    return render_to_string(BODY, context), 200, board.changes_at


def _posts_url(unit: Satker, campaign) -> str:
    """The Posts page of the subtree shown, for the brief shown if one is."""
    query = {"unit": unit.pk, **({"campaign": campaign.pk} if campaign else {})}
    return f"{reverse('post-list')}?{urlencode(query)}"


def _breadcrumb(viewer_unit: Satker, unit: Satker) -> list[Satker]:
    """The units from the viewer's own down to the one shown's parent (one query)."""
    if unit.pk == viewer_unit.pk:
        return []
    return list(unit.get_ancestors().filter(level__gte=viewer_unit.level))


def _charts(board: Dashboard) -> dict:
    trend = board.trend
    if not trend:
        return {}
    days = [day.day for day in trend]
    engagement = [day.engagement for day in trend]
    published = [day.posts_published for day in trend]
    first, last = days[0].isoformat(), days[-1].isoformat()
    return {
        "engagement": charts.line_chart(
            "chart-engagement",
            _("Engagement to date"),
            _("Likes, comments and shares as of each day, %(first)s to %(last)s: up to %(top)d.")
            % {"first": first, "last": last, "top": max(engagement)},
            days,
            engagement,
        ),
        "published": charts.bar_chart(
            "chart-published",
            _("Posts published per day"),
            _("Posts published each day from %(first)s to %(last)s; %(sum)d in all.")
            % {"first": first, "last": last, "sum": sum(published)},
            days,
            published,
        ),
    }


@login_required
@require_GET
def dashboard_export(request, satker_id: int, table: str, fmt: str):
    """One table as CSV or XLSX, or every table as one XLSX workbook ("all")."""
    unit = _unit_or_404(request, satker_id)
    names = list(exports.TABLES) if table == "all" else [table]
    if fmt not in ("csv", "xlsx") or not set(names) <= set(exports.TABLES):
        raise Http404(_("There is no such download."))
    if table == "all" and fmt == "csv":
        raise Http404(_("There is no such download."))
    form = filter_form(request)
    if form.is_bound and not form.is_valid():
        problems = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
    board = _dashboard(unit, form)
    today = unit_local(timezone.now(), request.user.satker).date()
    filename = exports.file_name(board, table, fmt, today)
    found = [exports.table(board, name) for name in names]
    if fmt == "csv":
        return exports.csv_response(found[0], filename)
    return exports.xlsx_response(found, _about(request, board), filename)


def _about(request, board: Dashboard) -> list[tuple[str, object]]:
    return [
        (_("Sync dashboard"), board.unit.name),
        (_("Work unit code"), board.unit.code),
        (_("Voter-education brief"), board.campaign.title if board.campaign else _("All briefs")),
        (_("Trend from"), board.start or "-"),
        (_("Trend until"), board.end or "-"),
        (_("Figures as of"), format_unit_time(board.as_of, request.user.satker)),
        (_("Downloaded by"), request.user.get_username()),
    ]
