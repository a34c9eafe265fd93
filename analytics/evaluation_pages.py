"""A closed brief's evaluation page, and the publishing unit's lessons on it.

Anyone who sees the brief opens its evaluation, over their own unit's subtree
(satker.scope: 404 for a brief outside it, and for one not yet closed). Editors
and above at the publishing unit write the lessons (campaigns.services).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from campaigns import selectors, services
from campaigns.choices import CampaignStatus
from campaigns.models import LESSONS_MAX_LENGTH, Campaign
from kpu_portal.exceptions import Conflict
from satker import scope
from satker.roles import Role
from satker.timefmt import format_unit_time, unit_local

from . import exports
from .evaluation import EXPORT_TITLES, Evaluation, LateUnit, export_table

LATE_PER_PAGE = 50


class LessonsForm(forms.Form):
    lessons = forms.CharField(
        label=gettext_lazy("Lessons learned"),
        required=False,
        max_length=LESSONS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "aria-describedby": "lessons-hint"}),
        help_text=gettext_lazy(
            "What worked, what did not, and what to do differently next time. Every unit "
            "that received the brief reads them here."
        ),
    )


def _closed_brief_or_404(request, pk: int) -> Campaign:
    campaign = scope.get_visible_or_404(
        request.user, selectors.visible_campaigns(request.user), pk=pk
    )
    if campaign.status != CampaignStatus.CLOSED:
        raise Http404(_("A brief has an evaluation once it is closed."))
    return campaign


def may_write_lessons(user, campaign: Campaign) -> bool:
    return user.satker_id == campaign.satker_id and user.has_role(Role.EDITOR)


@login_required
@require_http_methods(["GET", "POST"])
def brief_evaluation(request, pk: int):
    campaign = _closed_brief_or_404(request, pk)
    may_write = may_write_lessons(request.user, campaign)
    form = LessonsForm(
        request.POST if request.method == "POST" else None, initial={"lessons": campaign.lessons}
    )
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied(_("Only editors of the publishing unit write the lessons."))
        if form.is_valid():
            text = form.cleaned_data["lessons"].strip()
            if not text and not campaign.lessons:
                messages.info(request, _("Nothing was saved: the lessons are empty."))
                return redirect("brief-evaluation", campaign.pk)
            try:
                services.campaign_lessons_write(campaign=campaign, by=request.user, lessons=text)
            except Conflict as conflict:
                messages.error(request, conflict.message)
            else:
                said = _("The lessons are saved.") if text else _("The lessons are removed.")
                messages.success(request, said)
            return redirect("brief-evaluation", campaign.pk)
    evaluation = Evaluation(campaign, request.user)
    late = Paginator(evaluation.late_units(), LATE_PER_PAGE).get_page(request.GET.get("page"))
    board = evaluation.board
    context = {
        "campaign": campaign,
        "unit": evaluation.unit,
        "board": board,
        "as_of": format_unit_time(board.as_of, request.user.satker) if board.as_of else None,
        "query": f"?campaign={campaign.pk}",  # the dashboard's downloads, for this brief
        "best_posts": evaluation.best_posts,
        "late_page": late,
        "late_units": [LateUnit(row, row.first_published) for row in late],
        "form": form,
        "may_write": may_write,
    }
    status = 400 if form.errors else 200
    return render(request, "analytics/evaluation.html", context, status=status)


@login_required
def brief_evaluation_export(request, pk: int, table: str, fmt: str):
    """The best posts or every late unit (not a page of them) as CSV or XLSX, over the
    viewer's subtree like the page."""
    campaign = _closed_brief_or_404(request, pk)
    if table not in EXPORT_TITLES or fmt not in ("csv", "xlsx"):
        raise Http404(_("There is no such download."))
    evaluation = Evaluation(campaign, request.user)
    found = export_table(evaluation, table)
    today = unit_local(timezone.now(), request.user.satker).date()
    filename = f"evaluation-{campaign.pk}-{request.user.satker.code}-{table}-{today}.{fmt}"
    if fmt == "csv":
        return exports.csv_response(found, filename)
    about = [
        (_("Evaluation"), campaign.title),
        (_("Work unit"), request.user.satker.name),
        (_("Downloaded by"), request.user.get_username()),
    ]
    return exports.xlsx_response([found], about, filename)
