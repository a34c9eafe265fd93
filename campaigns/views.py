"""Pages of briefs: list, write, preview, publish, progress; a unit's inbox; notices.

Every lookup goes through satker.scope (404 outside it); every write through
campaigns.services, which answers 403 for a role that may not act and raises
Conflict for a wrong state, shown here as a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kpu_portal.exceptions import Conflict
from kpu_portal.form_targets import form_target
from kpu_portal.reference_lists import edit_item, require_national_admin
from satker import scope
from satker.roles import Level, Role

from . import assets, selectors, services
from .choices import AssignmentStatus, CampaignStatus
from .forms import AssetForm, BriefListFilterForm, CampaignForm, VoterSegmentForm
from .models import Assignment, Campaign, CampaignAsset, Notification, VoterSegment
from .notifications import notice_text, notice_url, open_url

PER_PAGE = 20


def _campaign_or_404(request, pk: int) -> Campaign:
    return scope.get_visible_or_404(request.user, selectors.visible_campaigns(request.user), pk=pk)


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


@login_required
@require_GET
def brief_list(request):
    filters = BriefListFilterForm(request.GET)
    briefs = filters.apply(selectors.visible_campaigns(request.user))
    context = {
        "page": _page(request, briefs.order_by("-created_at", "-pk")),
        "filters": filters,
        "may_write": services.may_write_briefs(request.user),
    }
    return render(request, "campaigns/brief_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def brief_create(request):
    if not services.may_write_briefs(request.user):
        raise PermissionDenied(_("Only editors at units with units below them write briefs."))
    form = CampaignForm(request.POST or None, publisher=request.user)
    if form.is_valid():
        try:
            campaign = services.campaign_create(by=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The draft is saved. Check the preview, then publish."))
            return redirect("brief-detail", campaign.pk)
    return render(
        request,
        "campaigns/brief_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def brief_edit(request, pk: int):
    campaign = _campaign_or_404(request, pk)
    if not (
        request.user.satker_id == campaign.satker_id
        and request.user.has_role(services.edit_role(campaign))
    ):
        raise PermissionDenied(
            _(
                "Only editors of the publishing unit change a draft brief, and its "
                "approvers amend a published one."
            )
        )
    form = CampaignForm(request.POST or None, publisher=request.user, campaign=campaign)
    if form.is_valid():
        try:
            services.campaign_update(campaign=campaign, by=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        except Conflict as conflict:
            messages.error(request, conflict.message)
        else:
            messages.success(request, _("The brief is saved."))
            return redirect("brief-detail", campaign.pk)
    return render(
        request,
        "campaigns/brief_form.html",
        {"form": form, "campaign": campaign},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def brief_detail(request, pk: int):
    campaign = _campaign_or_404(request, pk)
    return render(request, "campaigns/brief_detail.html", _detail_context(request, campaign))


def _detail_context(request, campaign: Campaign, asset_form: AssetForm | None = None) -> dict:
    """What a brief's page shows this user, and which of its buttons."""
    user = request.user
    own_unit = user.satker_id == campaign.satker_id
    assignment = (
        Assignment.objects.filter(campaign=campaign, satker=user.satker)
        .select_related("satker")
        .first()
    )
    return {
        "campaign": campaign,
        "assets": campaign.assets.all(),
        "scope_levels": [Level(value).label for value in campaign.scope_levels],
        "scope_units": selectors.chosen_units_visible(user, campaign),
        "assignment": assignment,
        "may_edit": services.may_edit(user, campaign),
        "may_publish": own_unit and user.has_role(Role.APPROVER),
        "may_acknowledge": assignment is not None
        and assignment.status == AssignmentStatus.PENDING
        and campaign.status != CampaignStatus.CLOSED
        and user.has_role(Role.EDITOR),
        "asset_form": asset_form or AssetForm(),
    }


def _act(request, pk: int, action, success: str) -> tuple[Campaign, bool]:
    """Do ``action`` on the brief, saying how it went; the brief, and whether it went."""
    campaign = _campaign_or_404(request, pk)
    try:
        result = action(campaign=campaign, by=request.user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except ValidationError as error:  # the brief itself needs a change first
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success if not callable(success) else success(result))
        return campaign, True
    return campaign, False


@login_required
@require_POST
def brief_publish(request, pk: int):
    def said(created: int) -> str:
        if not created:
            return _("Already published: every unit it addresses has its assignment.")
        return ngettext(
            "Published: %(count)d new assignment.", "Published: %(count)d new assignments.", created
        ) % {"count": created}

    campaign, published = _act(request, pk, services.campaign_publish, said)
    return redirect("brief-progress" if published else "brief-detail", campaign.pk)


@login_required
@require_POST
def brief_close(request, pk: int):
    campaign, _closed = _act(request, pk, services.campaign_close, _("The brief is closed."))
    return redirect("brief-detail", campaign.pk)


@login_required
@require_POST
def brief_delete(request, pk: int):
    campaign = _campaign_or_404(request, pk)
    try:
        services.campaign_delete(campaign=campaign, by=request.user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("brief-detail", campaign.pk)
    messages.success(request, _("The draft is deleted."))
    return redirect("brief-list")


@login_required
@require_GET
def brief_progress(request, pk: int):
    campaign = _campaign_or_404(request, pk)
    # From the publisher down when it is in the user's subtree (the centre reading a
    # province's brief sees that province), else from the user's own unit down.
    unit = request.user.satker
    if scope.is_within(campaign.satker, unit):
        unit = campaign.satker
    progress = selectors.campaign_progress(campaign, unit, depth=2)
    return render(
        request,
        "campaigns/brief_progress.html",
        {"campaign": campaign, "progress": progress, "now": timezone.now()},
    )


@login_required
@form_target("brief-detail")
def asset_upload(request, pk: int):
    campaign = _campaign_or_404(request, pk)
    form = AssetForm(request.POST, request.FILES)
    try:
        assets.check_may_add(campaign=campaign, by=request.user)  # 403 before reading input
        if form.is_valid():
            assets.asset_add(
                campaign=campaign,
                by=request.user,
                upload=form.cleaned_data["file"],
                alt_text=form.cleaned_data["alt_text"],
            )
    except ValidationError as error:
        form.add_service_errors(error)
    except Conflict as conflict:
        form.add_error(None, conflict.message)
    if form.errors:
        context = _detail_context(request, campaign, asset_form=form)
        return render(request, "campaigns/brief_detail.html", context, status=400)
    messages.success(request, _("The file is attached."))
    return redirect("brief-detail", campaign.pk)


@login_required
@require_POST
def asset_remove(request, pk: int, asset_pk: int):
    campaign = _campaign_or_404(request, pk)
    asset = get_object_or_404(CampaignAsset, campaign=campaign, pk=asset_pk)
    try:
        assets.asset_delete(asset=asset, by=request.user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, _("%(name)s is removed.") % {"name": asset.original_name})
    return redirect("brief-detail", campaign.pk)


@login_required
@require_GET
def asset_file(request, pk: int, asset_pk: int, variant: str = "file"):
    """An asset's bytes, only for those who may see the brief; never a public URL."""
    campaign = _campaign_or_404(request, pk)
    asset = scope.get_visible_or_404(
        request.user, CampaignAsset.objects.filter(campaign=campaign), pk=asset_pk
    )
    return assets.file_response(asset, variant)


@login_required
@require_GET
def inbox(request):
    assignments = selectors.unit_inbox(request.user.satker)
    return render(
        request,
        "campaigns/inbox.html",
        {
            "page": _page(request, assignments),
            "now": timezone.now(),
            "may_acknowledge": request.user.has_role(Role.EDITOR),
        },
    )


@login_required
@require_POST
def assignment_acknowledge(request, pk: int):
    assignment = scope.get_visible_or_404(
        request.user, Assignment.objects.select_related("satker"), pk=pk
    )
    try:
        services.assignment_acknowledge(assignment=assignment, by=request.user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, _("Acknowledged. Your unit can now write its posts."))
    return redirect(_safe_next(request) or "inbox")


def _safe_next(request) -> str | None:
    """The "next" page posted by a form, if it is one of ours (no open redirect)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
@require_GET
def notification_list(request):
    notices = Notification.objects.filter(recipient=request.user).select_related(
        "campaign__satker", "assignment__satker", "recipient__satker"
    )
    page = _page(request, notices)
    rows = [(notice, *notice_text(notice), open_url(notice)) for notice in page.object_list]
    return render(request, "campaigns/notifications.html", {"page": page, "rows": rows})


@login_required
@require_GET
def notification_open(request, pk: int):
    """Follow one's own notice (from the inbox or its e-mail): marked read, then on to
    what it is about. Another person's notice is not found."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    return redirect(notice_url(notice))


@login_required
@require_POST
def notifications_read(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notifications")


def _require_national_admin(user) -> None:
    require_national_admin(user, _("Only national admins manage the voter segments."))


@login_required
@require_GET
def segment_list(request):
    _require_national_admin(request.user)
    return render(request, "campaigns/segment_list.html", {"segments": VoterSegment.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def segment_edit(request, pk: int | None = None):
    _require_national_admin(request.user)
    segment = get_object_or_404(VoterSegment, pk=pk) if pk else None
    return edit_item(
        request,
        form_class=VoterSegmentForm,
        instance=segment,
        list_url_name="segment-list",
        list_label=_("Voter segments"),
        heading=segment.name_id if segment else _("Add a segment"),
        saved_message=_("The voter segment is saved."),
    )
