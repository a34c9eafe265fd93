"""Writing posts and their media. Transitions live in content.workflow.

Every edit names the version it started from (a stale one is a Conflict, 409),
is allowed only while the post is a draft or sent back for changes (it becomes a
draft again), is validated for its platform and brief, and is kept as a revision.

Checks run in one order everywhere: who may (403), then the post's state and
version (409), then what was sent (400, naming the field). Nothing is stored when
any of them fails — no row, no file, no audit entry.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from audit.services import audit_record
from campaigns.choices import CampaignStatus, Platform
from campaigns.models import Assignment
from kpu_portal import stored_files
from kpu_portal.exceptions import Conflict
from kpu_portal.uploads import clean_image
from satker.models import User
from satker.roles import Role

from .choices import PostStatus
from .models import Post, PostMedia, PostRevision, delete_files, stored_names
from .progress import sync_assignment
from .validation import clean_post
from .workflow import EDITABLE, require_open_brief, stale_version

EDITABLE_FIELDS = ["language", "title", "caption", "planned_at"]
ALT_TEXT_MAX = PostMedia._meta.get_field("alt_text").max_length
# Set by the services, never from input: left out of full_clean.
_SERVICE_FIELDS = ["assignment", "satker", "author", "review_unit", "decided_by"]


def may_write_posts(user: User, assignment: Assignment) -> bool:
    return bool(
        user.is_authenticated
        and user.satker_id == assignment.satker_id
        and user.has_role(Role.EDITOR)
    )


def _require_writer(user: User, assignment: Assignment) -> None:
    if not may_write_posts(user, assignment):
        raise PermissionDenied(
            _("Only editors of %(unit)s write its posts.") % {"unit": assignment.satker.name}
        )


def _validate(post: Post) -> dict[str, list[str]]:
    """Every broken rule, by field: the model's own and the platform's and brief's."""
    errors: dict[str, list[str]] = {}
    try:
        post.full_clean(exclude=_SERVICE_FIELDS, validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if "platform" in errors:  # not a platform at all: its rules cannot be checked
        return errors
    try:
        clean_post(post)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            known = errors.setdefault(field, [])
            known.extend(m for m in messages if m not in known)
    return errors


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def post_create(*, assignment: Assignment, by: User, platform: str, **fields) -> Post:
    """A new draft of ``assignment`` for ``platform`` (one per platform); acknowledges
    the assignment. ``fields``: language, title, caption, planned_at."""
    _require_writer(by, assignment)
    if assignment.campaign.status != CampaignStatus.PUBLISHED:
        raise Conflict(_("The brief is closed: no new posts."))
    post = Post(
        assignment=assignment,
        satker=assignment.satker,
        platform=platform,
        author=by,
        **{name: value for name, value in fields.items() if name in EDITABLE_FIELDS},
    )
    errors = _validate(post)
    if Post.objects.filter(assignment=assignment, platform=platform).exists():
        errors.setdefault("platform", []).append(_duplicate_message(platform))
    _raise(errors)
    try:
        with transaction.atomic():
            post.save()
            _keep_revision(post, by)
            audit_record(actor=by, unit=post.satker, obj=post, action="create")
            sync_assignment(assignment.pk)
    except IntegrityError:
        # Another editor added the same platform a moment ago.
        if not Post.objects.filter(assignment=assignment, platform=platform).exists():
            raise
        raise ValidationError({"platform": [_duplicate_message(platform)]}) from None
    return post


def _duplicate_message(platform: str) -> str:
    return _("This assignment already has a %(platform)s post; edit that one.") % {
        "platform": Platform(platform).label
    }


def _version(version) -> int:
    """The version an edit started from, as a number; 400 naming "version" otherwise."""
    if version is None or version == "":
        raise ValidationError({"version": [_("Give the version your edit started from.")]})
    try:
        return int(version)
    except (TypeError, ValueError):
        raise ValidationError({"version": [_("The version is a whole number.")]}) from None


def post_update(*, post: Post, by: User, version: int | None, fields: dict) -> Post:
    """Apply an edit made from ``version``; the post returns to draft."""
    _require_writer(by, post.assignment)
    version = _version(version)
    with transaction.atomic():
        current = (
            Post.objects.select_for_update()
            .select_related("assignment__campaign", "satker")
            .get(pk=post.pk)
        )
        _require_editable(current, version)
        before = {name: getattr(current, name) for name in EDITABLE_FIELDS}
        for name, value in fields.items():
            if name in EDITABLE_FIELDS:
                setattr(current, name, value)
        _raise(_validate(current))
        changes = {
            name: (before[name], getattr(current, name))
            for name in EDITABLE_FIELDS
            if before[name] != getattr(current, name)
        }
        if current.status != PostStatus.DRAFT:
            changes["status"] = (current.status, PostStatus.DRAFT)
        changes["version"] = (current.version, current.version + 1)
        current.status = PostStatus.DRAFT
        current.version += 1
        current.save()
        _keep_revision(current, by)
        audit_record(actor=by, unit=current.satker, obj=current, action="edit", changes=changes)
        sync_assignment(current.assignment_id)
    return current


def post_delete(*, post: Post, by: User) -> None:
    """Delete a draft (its revisions and media go with it; the audit log keeps the trace)."""
    _require_writer(by, post.assignment)
    with transaction.atomic():
        current = Post.objects.select_for_update().select_related("satker").get(pk=post.pk)
        if current.status != PostStatus.DRAFT:
            raise Conflict(
                _("Only a draft can be deleted; this post is %(status)s.")
                % {"status": current.get_status_display().lower()}
            )
        audit_record(
            actor=by,
            unit=current.satker,
            obj=current,
            action="delete",
            changes={"status": (current.status, None)},
        )
        current.delete()  # the media files go once this commits (content.models)
        sync_assignment(current.assignment_id)


def _require_editable(post: Post, version: int) -> None:
    if post.version != version:
        raise stale_version(post, version)
    if post.status not in EDITABLE:
        raise Conflict(
            _("A post that is %(status)s cannot be edited.")
            % {"status": post.get_status_display().lower()}
        )
    require_open_brief(post)


def _keep_revision(post: Post, by: User) -> PostRevision:
    return PostRevision.objects.create(
        post=post,
        version=post.version,
        title=post.title,
        caption=post.caption,
        language=post.language,
        planned_at=post.planned_at,
        media=[
            {"id": item.pk, "name": item.original_name, "alt_text": item.alt_text}
            for item in post.media.all()
        ],
        author=by,
    )


def _bump_as_edit(current: Post, by: User, action: str, changes: dict) -> None:
    """A change of the post's media is an edit: back to draft, version + 1, a revision."""
    if current.status != PostStatus.DRAFT:
        changes["status"] = (current.status, PostStatus.DRAFT)
    changes["version"] = (current.version, current.version + 1)
    current.status = PostStatus.DRAFT
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    _keep_revision(current, by)
    audit_record(actor=by, unit=current.satker, obj=current, action=action, changes=changes)
    sync_assignment(current.assignment_id)


def media_add(
    *, post: Post, by: User, upload: UploadedFile | None, alt_text: str, version: int | None
) -> PostMedia:
    """Attach one image (alt text required) through the shared pipeline; an edit of the post.

    ValidationError names "version" (not a number), "file" (what is wrong with the
    file, naming it) or "alt_text". Nothing is stored on any error.
    """
    _require_writer(by, post.assignment)
    current = Post.objects.get(pk=post.pk)
    # DESIGN.md §7 promises the upload as file + alt_text: a version, when sent, is
    # checked (409 if stale); without one the upload goes onto the current version.
    version = current.version if version is None or version == "" else _version(version)
    _require_editable(current, version)  # 409 before the upload is read
    alt_text = (alt_text or "").strip()
    errors: dict[str, list[str]] = {}
    if not alt_text:
        errors["alt_text"] = [_("Describe the image for people who cannot see it.")]
    elif len(alt_text) > ALT_TEXT_MAX:
        errors["alt_text"] = [
            _("Alt text has at most %(limit)d characters.") % {"limit": ALT_TEXT_MAX}
        ]
    cleaned = None
    if upload is None:
        errors["file"] = [_("Choose an image to upload.")]
    else:
        try:
            cleaned = clean_image(upload)
        except ValidationError as error:
            errors["file"] = error.messages
    _raise(errors)
    media = PostMedia(
        original_name=cleaned.filename(upload.name or "image")[-255:],
        content_type=cleaned.content_type,
        size=cleaned.size,
        width=cleaned.width,
        height=cleaned.height,
        alt_text=alt_text,
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            current = Post.objects.select_for_update().select_related("satker").get(pk=post.pk)
            _require_editable(current, version)
            media.post = current
            media.file.save(f"media.{cleaned.extension}", ContentFile(cleaned.content), save=False)
            if cleaned.thumbnail:
                media.thumbnail.save("thumb.webp", ContentFile(cleaned.thumbnail), save=False)
            media.save()
            _bump_as_edit(current, by, "add_media", {"media": (None, media.original_name)})
    except BaseException:
        # Written files have no row to reach them: remove them now.
        delete_files(stored_names(media))
        raise
    return media


def media_remove(*, media: PostMedia, by: User, version: int | None) -> Post:
    """Remove one image from a post made from ``version``; an edit of the post."""
    post = media.post
    _require_writer(by, post.assignment)
    version = _version(version)
    with transaction.atomic():
        current = Post.objects.select_for_update().select_related("satker").get(pk=post.pk)
        _require_editable(current, version)
        name = media.original_name
        media.delete()  # its files go once this commits
        _bump_as_edit(current, by, "remove_media", {"media": (name, None)})
    return current


def media_file_response(media: PostMedia, variant: str = "file") -> FileResponse:
    """The bytes of an image (or its WebP thumbnail) for a caller who found ``media``
    through satker.scope. Inline, never sniffed, never run as a page."""
    return stored_files.serve_upload(media, variant, owner=f"post media {media.pk}")
