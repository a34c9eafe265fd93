"""Pages of posts: write with a live preview, submit, review, record publication; media;
and the neutrality terms national admins keep.

Every lookup goes through satker.scope (404 outside it); every write through
content.services or content.workflow, which answer 403 (PermissionDenied) for a
person who may not act, ValidationError naming a field, and Conflict for a stale
edit or a wrong state, shown here as a message. The pages work without JavaScript;
HTMX only refreshes the preview while the editor types.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns.models import Assignment
from kpu_portal.exceptions import Conflict
from kpu_portal.form_targets import form_target
from kpu_portal.reference_lists import edit_item, require_national_admin
from satker import scope
from satker.roles import Role

from . import services, workflow
from .choices import PostStatus
from .diff import has_changes, word_diff
from .forms import MediaForm, NeutralityTermForm, PostForm, PublicationForm, ReviewForm
from .models import NeutralityTerm, Post, PostMedia, PostRevision
from .validation import highlight_terms, post_flags

PER_PAGE = 20


def _assignment_or_404(request, pk: int) -> Assignment:
    rows = Assignment.objects.select_related("campaign", "satker")
    return scope.get_visible_or_404(request.user, rows, pk=pk)


def _post_or_404(request, pk: int) -> Post:
    rows = Post.objects.select_related(
        "assignment__campaign__satker", "satker", "author", "review_unit", "decided_by"
    )
    return scope.get_visible_or_404(request.user, rows, pk=pk)


def _require_writer(request, assignment: Assignment) -> None:
    if not services.may_write_posts(request.user, assignment):
        raise PermissionDenied(
            _("Only editors of %(unit)s write its posts.") % {"unit": assignment.satker.name}
        )


def _previewing(request) -> bool:
    return request.method == "POST" and "preview" in request.POST


# --- Writing ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request, assignment_pk: int):
    assignment = _assignment_or_404(request, assignment_pk)
    _require_writer(request, assignment)
    try:  # said before anything is typed, not after
        workflow.require_open_brief(assignment)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("brief-detail", assignment.campaign_id)
    form = PostForm(request.POST or None, assignment=assignment)
    if not form.fields["platform"].choices and request.method == "GET":
        messages.info(request, _("Your unit has a post for every platform of this brief."))
        return redirect("brief-detail", assignment.campaign_id)
    if request.method == "POST" and not _previewing(request) and form.is_valid():
        try:
            post = services.post_create(
                assignment=assignment,
                by=request.user,
                platform=form.cleaned_data["platform"],
                **form.fields_for_service(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except Conflict as conflict:
            messages.error(request, conflict.message)
            return redirect("brief-detail", assignment.campaign_id)
        else:
            messages.success(request, _("The draft is saved. Submit it when it is ready."))
            return redirect("post-detail", post.pk)
    context = {"form": form, "assignment": assignment, "campaign": assignment.campaign}
    return _form_page(request, context)


def _form_page(request, context: dict, status: int | None = None):
    form = context["form"]
    context["preview"] = form.preview()
    if status is None:
        status = 400 if form.errors and not _previewing(request) else 200
    return render(request, "content/post_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = _post_or_404(request, pk)
    _require_writer(request, post.assignment)
    if post.status not in workflow.EDITABLE:
        messages.info(request, _not_editable(post))
        return redirect("post-detail", post.pk)
    form = PostForm(request.POST or None, assignment=post.assignment, post=post)
    context = {"post": post, "assignment": post.assignment, "campaign": post.assignment.campaign}
    if request.method == "POST" and not _previewing(request) and form.is_valid():
        try:
            services.post_update(
                post=post,
                by=request.user,
                version=form.cleaned_data["version"],
                fields=form.fields_for_service(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except Conflict as conflict:
            messages.error(request, conflict.message)
            post.refresh_from_db()
            if post.status not in workflow.EDITABLE:
                return redirect("post-detail", post.pk)
            # Stale: show the current text to start again from, and keep theirs to copy.
            context["unsaved"] = {
                "title": form.cleaned_data.get("title", ""),
                "caption": form.cleaned_data["caption"],
            }
            context.update(_edit_extras(post), form=PostForm(assignment=post.assignment, post=post))
            return _form_page(request, context, status=409)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("post-detail", post.pk)
    context.update(_edit_extras(post), form=form)
    return _form_page(request, context)


def _edit_extras(post: Post, media_form: MediaForm | None = None) -> dict:
    return {
        "media": post.media.all(),
        "media_form": media_form or MediaForm(initial={"version": post.version}),
    }


def _not_editable(post: Post) -> str:
    return _("A post that is %(status)s cannot be edited.") % {
        "status": post.get_status_display().lower()
    }


@login_required
@form_target("post-create", "assignment_pk")
def post_preview(request, assignment_pk: int):
    """The counters and preview for the text posted: a fragment for HTMX, else a page."""
    assignment = _assignment_or_404(request, assignment_pk)
    _require_writer(request, assignment)
    # The edit form names its post's platform in a hidden field, so one form reads both.
    form = PostForm(request.POST, assignment=assignment)
    context = {"preview": form.preview(), "assignment": assignment}
    if request.htmx:
        return render(request, "content/_preview.html", context)
    return render(request, "content/preview_page.html", context)


@login_required
@form_target("post-detail")
def media_upload(request, pk: int):
    post = _post_or_404(request, pk)
    _require_writer(request, post.assignment)
    media_form = MediaForm(request.POST, request.FILES)
    try:
        if media_form.is_valid():
            services.media_add(
                post=post,
                by=request.user,
                upload=media_form.cleaned_data["file"],
                alt_text=media_form.cleaned_data["alt_text"],
                version=media_form.cleaned_data["version"],
            )
    except ValidationError as error:
        media_form.add_service_errors(error)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("post-edit", post.pk)
    if media_form.errors:
        form = PostForm(assignment=post.assignment, post=post)
        context = {
            "post": post,
            "assignment": post.assignment,
            "campaign": post.assignment.campaign,
            "form": form,
            **_edit_extras(post, media_form),
        }
        return _form_page(request, context, status=400)
    messages.success(request, _("The image is attached."))
    return redirect("post-edit", post.pk)


@login_required
@require_GET
def media_file(request, pk: int, media_pk: int, variant: str = "file"):
    """An image's bytes, only for those who may see the post; never a public URL."""
    media = scope.get_visible_or_404(
        request.user, PostMedia.objects.filter(post_id=pk), pk=media_pk
    )
    return services.media_file_response(media, variant)


@login_required
@require_POST
def media_remove(request, pk: int, media_pk: int):
    media = scope.get_visible_or_404(
        request.user, PostMedia.objects.filter(post_id=pk).select_related("post"), pk=media_pk
    )
    try:
        services.media_remove(media=media, by=request.user, version=request.POST.get("version"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, _("The image is removed."))
    return redirect("post-edit", pk)


# --- The post's page and its moves ---------------------------------------------------


@login_required
@require_GET
def post_detail(request, pk: int):
    post = _post_or_404(request, pk)
    return render(request, "content/post_detail.html", _detail_context(request, post))


def _detail_context(request, post: Post, publication_form: PublicationForm | None = None):
    user = request.user
    writer = services.may_write_posts(user, post.assignment)
    flags = post_flags(post)
    return {
        "post": post,
        "campaign": post.assignment.campaign,
        "flags": flags,
        "title_html": highlight_terms(post.title, flags),
        "caption_html": highlight_terms(post.caption, flags),
        "media": post.media.all(),
        "reviews": post.reviews.select_related("reviewer__satker"),
        "revisions": post.revisions.select_related("author").order_by("-version"),
        "may_edit": writer and post.status in workflow.EDITABLE,
        "may_submit": writer and post.status == PostStatus.DRAFT,
        "may_delete": writer and post.status == PostStatus.DRAFT,
        "may_record": writer and post.status == PostStatus.APPROVED,
        "may_review": post.status == PostStatus.SUBMITTED and workflow.may_review(post, user),
        "publication_form": publication_form or PublicationForm(),
        "routed_to": workflow.routed_unit(post),
    }


@login_required
@require_POST
def post_submit(request, pk: int):
    post = _post_or_404(request, pk)
    try:
        post = workflow.post_submit(post=post, by=request.user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except ValidationError as error:
        # The brief may have changed since the post was written: say what to fix.
        messages.error(
            request,
            _("Not submitted: %(errors)s Edit the post, then submit it.")
            % {"errors": " ".join(error.messages)},
        )
    else:
        messages.success(
            request,
            _("Submitted for review by %(unit)s.") % {"unit": post.review_unit.name},
        )
    return redirect("post-detail", post.pk)


@login_required
@require_POST
def post_delete(request, pk: int):
    post = _post_or_404(request, pk)
    try:
        services.post_delete(post=post, by=request.user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("post-detail", post.pk)
    messages.success(request, _("The draft is deleted."))
    return redirect("brief-detail", post.assignment.campaign_id)


@login_required
@form_target("post-detail")
def post_publish(request, pk: int):
    post = _post_or_404(request, pk)
    _require_writer(request, post.assignment)  # 403, then 409, before reading the input
    form = PublicationForm(request.POST)
    try:
        workflow.check_state(post, "publish")
        if form.is_valid():
            workflow.post_publish(
                post=post,
                by=request.user,
                url=form.cleaned_data["url"],
                published_at=form.cleaned_data["published_at"],
            )
    except ValidationError as error:
        form.add_service_errors(error)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("post-detail", post.pk)
    if form.errors:
        context = _detail_context(request, post, publication_form=form)
        return render(request, "content/post_detail.html", context, status=400)
    messages.success(request, _("The publication is recorded."))
    return redirect("post-detail", post.pk)


# --- Review ----------------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request):
    scope.require_role(request.user, Role.APPROVER)
    posts = workflow.review_queue(request.user).select_related("assignment__campaign", "satker")
    page = Paginator(posts, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "content/review_queue.html", {"page": page, "now": timezone.now()})


@login_required
@require_GET
def post_review(request, pk: int):
    post = _post_or_404(request, pk)
    return render(request, "content/post_review.html", _review_context(request, post))


def _review_context(request, post: Post, review_form: ReviewForm | None = None) -> dict:
    context = _detail_context(request, post)
    current, base = _compared_revisions(post)
    context.update(
        current=current,
        base=base,
        review_form=review_form or ReviewForm(),
        title_diff=word_diff(base.title, current.title) if base and current else None,
        caption_diff=word_diff(base.caption, current.caption) if base and current else None,
        title_changed=bool(base and current and has_changes(base.title, current.title)),
    )
    return context


def _compared_revisions(post: Post) -> tuple[PostRevision | None, PostRevision | None]:
    """The post's latest revision, and the last revision submitted before it (or None)."""
    current = post.revisions.order_by("-version").first()
    if current is None:
        return None, None
    base = (
        post.revisions.filter(submitted=True, version__lt=current.version)
        .order_by("-version")
        .first()
    )
    return current, base


def _decide(request, pk: int, decision, success: str, **arguments):
    """Approve or send back the version the reviewer read (a later one is a Conflict)."""
    post = _post_or_404(request, pk)
    try:
        decision(post=post, by=request.user, version=_version_read(request), **arguments)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("post-review", post.pk)
    messages.success(request, success)
    return redirect("review-queue")


def _version_read(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


@login_required
@form_target("post-review")
def post_approve(request, pk: int):
    return _decide(request, pk, workflow.post_approve, _("Approved. The unit may publish it."))


@login_required
@form_target("post-review")
def post_request_changes(request, pk: int):
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        return _decide(
            request,
            pk,
            workflow.post_request_changes,
            _("Sent back to the unit with your comment."),
            comment=form.cleaned_data.get("comment", ""),
        )
    except ValidationError as error:
        form.add_service_errors(error)
    post = _post_or_404(request, pk)
    context = _review_context(request, post, review_form=form)
    return render(request, "content/post_review.html", context, status=400)


# --- Neutrality terms ------------------------------------------------------------------


def _require_national_admin(user) -> None:
    require_national_admin(user, _("Only national admins manage the neutrality terms."))


@login_required
@require_GET
def term_list(request):
    _require_national_admin(request.user)
    return render(request, "content/term_list.html", {"terms": NeutralityTerm.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request, pk: int | None = None):
    _require_national_admin(request.user)
    term = get_object_or_404(NeutralityTerm, pk=pk) if pk else None
    return edit_item(
        request,
        form_class=NeutralityTermForm,
        instance=term,
        list_url_name="term-list",
        list_label=_("Neutrality terms"),
        heading=term.term if term else _("Add a term"),
        saved_message=_("The neutrality term is saved."),
    )


@login_required
@require_POST
def term_toggle(request, pk: int):
    _require_national_admin(request.user)
    term = get_object_or_404(NeutralityTerm, pk=pk)
    term.is_active = not term.is_active
    term.save(update_fields=["is_active"])
    if term.is_active:
        messages.success(request, _("“%(term)s” is flagged again.") % {"term": term.term})
    else:
        messages.success(request, _("“%(term)s” is no longer flagged.") % {"term": term.term})
    return redirect("term-list")
