"""Pages of the metrics ingest: a snapshot from the post page, the CSV upload with its
template, the progress of a large upload, and a snapshot's screenshot.

Every lookup goes through satker.scope (404 outside it) or ingest_jobs.visible_jobs;
every write through analytics.ingest, whose errors name the item (here: the row of
the file, or the form's field). The pages work without JavaScript; HTMX only
refreshes a large upload's progress.
"""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from content.choices import PostStatus
from content.models import Post
from kpu_portal import stored_files
from satker import scope
from satker.roles import Role
from satker.timefmt import written_unit_time

from . import csv_format, ingest_jobs
from .forms import SnapshotForm, UploadForm
from .ingest import FIELDS, IngestError, snapshots_ingest
from .latest import post_readings
from .models import Snapshot


def may_report(user, post: Post) -> bool:
    """Editors (and stronger roles) of the post's own unit report its figures."""
    return bool(
        user.is_authenticated and user.satker_id == post.satker_id and user.has_role(Role.EDITOR)
    )


def _counts_message(result, left_out: int = 0) -> str:
    message = _("Saved: %(created)d new, %(updated)d corrected, %(unchanged)d unchanged.") % (
        result.as_dict()
    )
    if left_out:
        message += " " + ngettext(
            "%(count)d row without figures was left out.",
            "%(count)d rows without figures were left out.",
            left_out,
        ) % {"count": left_out}
    return message


# --- One snapshot, from the post page ------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_metrics(request, pk: int):
    post = scope.get_visible_or_404(request.user, Post.objects.select_related("satker"), pk=pk)
    if not may_report(request.user, post):
        raise PermissionDenied(
            _("Only editors of %(unit)s report its figures.") % {"unit": post.satker.name}
        )
    if post.status != PostStatus.PUBLISHED:
        messages.error(request, _("Figures are reported for published posts only."))
        return redirect("post-detail", post.pk)
    form = SnapshotForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            result = snapshots_ingest(
                by=request.user, items=[form.item(post)], source=Snapshot.Source.FORM
            )
        except IngestError as error:
            form.add_ingest_errors(error.errors)
        else:
            messages.success(request, _counts_message(result))
            return redirect("post-detail", post.pk)
    readings, reading_count = post_readings(post)
    context = {
        "post": post,
        "form": form,
        "latest": readings[0] if readings else None,
        "readings": readings,
        "reading_count": reading_count,
    }
    status = 400 if form.errors else 200
    return render(request, "analytics/ingest_post.html", context, status=status)


@login_required
@require_GET
def snapshot_evidence(request, pk: int):
    """A snapshot's screenshot, only for those who may see the post."""
    rows = Snapshot.objects.exclude(evidence="")
    snapshot = scope.get_visible_or_404(request.user, rows, pk=pk)
    content_type = mimetypes.guess_type(snapshot.evidence.name)[0] or "application/octet-stream"
    return stored_files.serve(
        snapshot.evidence, content_type=content_type, owner=f"snapshot {snapshot.pk}"
    )


# --- CSV upload ------------------------------------------------------------------------


def _max_bytes() -> int:
    return settings.METRICS_CSV_MAX_BYTES


@login_required
@require_http_methods(["GET", "POST"])
def metrics_upload(request):
    scope.require_role(request.user, Role.EDITOR)
    form = UploadForm(request.POST or None, request.FILES or None)
    row_errors: list[dict] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = _read_upload(upload)
        except csv_format.CsvError as error:
            form.add_error("file", str(error))
        else:
            if len(parsed.items) > ingest_jobs.job_threshold():
                upload.seek(0)
                job = ingest_jobs.job_create(
                    by=request.user,
                    name=upload.name,
                    content=upload.read(),
                    rows=len(parsed.items),
                )
                return redirect("metrics-job", job.pk)
            try:
                result = snapshots_ingest(
                    by=request.user, items=parsed.items, source=Snapshot.Source.CSV
                )
            except IngestError as error:
                row_errors = parsed.row_errors(error.errors)
            else:
                messages.success(request, _counts_message(result, parsed.left_out))
                return redirect("metrics-upload")
    context = {
        "form": form,
        "row_errors": row_errors,
        "columns": FIELDS,
        "threshold": ingest_jobs.job_threshold(),
        "jobs": ingest_jobs.visible_jobs(request.user).filter(created_by=request.user)[:5],
    }
    status = 400 if form.errors or row_errors else 200
    return render(request, "analytics/ingest_upload.html", context, status=status)


def _read_upload(upload) -> csv_format.ParsedCsv:
    if upload.size > _max_bytes():
        raise csv_format.CsvError(
            _("The file is too large; split it into files of at most %(size)d MB.")
            % {"size": _max_bytes() // 1_000_000}
        )
    parsed = csv_format.parse(upload.read())
    if not parsed.items and parsed.left_out:
        raise csv_format.CsvError(
            _("No row has figures: fill in captured_at and the figures of the posts you report.")
        )
    if not parsed.items:
        raise csv_format.CsvError(_("The file has no rows under the header row."))
    return parsed


@login_required
@require_GET
def metrics_template(request):
    """The CSV template; ?sep=semicolon for Excel set to Indonesian; ?posts=unit with a
    row for each published post of the user's unit, the latest first."""
    delimiter = ";" if request.GET.get("sep") == "semicolon" else ","
    filename = "metrics-template.csv"
    posts = None
    if request.GET.get("posts") == "unit":
        unit = request.user.satker
        posts = _template_rows(unit)
        filename = f"metrics-template-{unit.code}.csv"
    response = HttpResponse(
        csv_format.template(delimiter, posts), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _template_rows(unit):
    """Per published post of ``unit``: its id, then csv_format.POST_COLUMNS."""
    published = (
        Post.objects.filter(satker=unit, status=PostStatus.PUBLISHED)
        .select_related("assignment__campaign")
        .order_by("-published_at", "-pk")
    )
    for post in published.iterator(chunk_size=1000):
        yield [
            post.pk,
            post.get_platform_display(),
            written_unit_time(post.published_at, unit),
            post.url,
            post.assignment.campaign.title,
        ]


@login_required
@require_GET
def metrics_job(request, pk: int):
    """A large upload's progress; the fragment alone for HTMX's polling."""
    job = ingest_jobs.visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("Not found, or outside your work unit."))
    if request.htmx:
        return render(request, "analytics/_ingest_job_progress.html", {"job": job})
    return render(request, "analytics/ingest_job.html", {"job": job})
