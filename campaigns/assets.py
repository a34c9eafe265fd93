"""Files attached to a brief: added through the shared upload pipeline
(kpu_portal.uploads), served only through scope-checked views, removed with their row.

Files live in private storage under random names; no URL maps to MEDIA_ROOT. The
views (campaigns.views, campaigns.api.assets) find the asset through satker.scope
(404 outside it) and answer with ``file_response``.

Adding or removing a file is a change of the brief: each writes one audit row, in
the same transaction as the asset's row.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.translation import gettext as _

from audit.services import audit_record
from kpu_portal import stored_files
from kpu_portal.exceptions import Conflict
from kpu_portal.uploads import clean_image, clean_pdf, is_pdf
from satker.models import User
from satker.roles import Role

from .choices import CampaignStatus
from .models import Campaign, CampaignAsset
from .services import may_edit

ALT_TEXT_MAX = CampaignAsset._meta.get_field("alt_text").max_length


def check_may_change_files(campaign: Campaign, by: User, message: str) -> None:
    """Whoever may change the brief changes its files (services.may_edit: a file
    reaches every assignee, as an amendment does). In campaigns.services' order: 403
    (``message``) outside the publishing unit's editors, 409 once the brief is closed,
    403 for an editor once it is published.

    Callers have already found ``campaign`` through satker.scope (404 outside it).
    """
    if not (by.satker_id == campaign.satker_id and by.has_role(Role.EDITOR)):
        raise PermissionDenied(message)
    if campaign.status == CampaignStatus.CLOSED:
        raise Conflict(_("A closed brief cannot change."))
    if not may_edit(by, campaign):
        raise PermissionDenied(message)


def check_may_add(*, campaign: Campaign, by: User) -> None:
    check_may_change_files(
        campaign,
        by,
        _(
            "Only editors of the publishing unit add files to a draft brief, and its "
            "approvers to a published one."
        ),
    )


def asset_add(
    *, campaign: Campaign, by: User, upload: UploadedFile, alt_text: str = ""
) -> CampaignAsset:
    """Clean and store one image (alt text required) or PDF; nothing is kept on error.

    ValidationError names the field: "file" (what is wrong with the file, naming it)
    or "alt_text".
    """
    check_may_add(campaign=campaign, by=by)
    alt_text = (alt_text or "").strip()
    errors: dict[str, list[str]] = {}
    if len(alt_text) > ALT_TEXT_MAX:
        errors["alt_text"] = [
            _("Alt text has at most %(limit)d characters.") % {"limit": ALT_TEXT_MAX}
        ]
    pdf = is_pdf(upload)
    try:
        cleaned = clean_pdf(upload) if pdf else clean_image(upload)
    except ValidationError as error:
        errors["file"] = error.messages
        if getattr(error, "code", None) == "not_an_image":  # a brief also takes PDFs
            errors["file"] = [
                _("%(name)s is neither a JPEG, PNG or WebP image nor a PDF.")
                % {"name": upload.name}
            ]
    if not pdf and not alt_text and "alt_text" not in errors:
        errors["alt_text"] = [_("Describe the image for people who cannot see it.")]
    if errors:
        raise ValidationError(errors)
    asset = CampaignAsset(
        campaign=campaign,
        kind=CampaignAsset.Kind.DOCUMENT if pdf else CampaignAsset.Kind.IMAGE,
        original_name=cleaned.filename(upload.name or "file")[-255:],
        content_type=cleaned.content_type,
        size=cleaned.size,
        alt_text=alt_text,
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            asset.file.save(f"file.{cleaned.extension}", ContentFile(cleaned.content), save=False)
            if cleaned.thumbnail:
                asset.thumbnail.save("thumb.webp", ContentFile(cleaned.thumbnail), save=False)
            asset.save()
            audit_record(
                actor=by,
                unit=campaign.satker,
                obj=campaign,
                action="add_asset",
                changes={"assets": (None, asset.original_name)},
            )
    except BaseException:
        # Written files have no row to reach them: remove them now. (If a caller's
        # own transaction rolls back later, the files stay as unreachable garbage.)
        _delete_files(_stored_names(asset))
        raise
    return asset


def asset_delete(*, asset: CampaignAsset, by: User) -> None:
    """Remove an asset; its files go once the deletion is committed."""
    campaign = asset.campaign
    check_may_change_files(
        campaign,
        by,
        _(
            "Only editors of the publishing unit remove files from a draft brief, and "
            "its approvers from a published one."
        ),
    )
    with transaction.atomic():
        name = asset.original_name
        # The post_delete receiver below removes the files after commit.
        deleted, _per_model = asset.delete()
        if deleted:  # not already removed by someone else
            audit_record(
                actor=by,
                unit=campaign.satker,
                obj=campaign,
                action="remove_asset",
                changes={"assets": (name, None)},
            )


def _stored_names(asset: CampaignAsset) -> list[str]:
    return stored_files.names_of(asset.file, asset.thumbnail)


def _delete_files(names: list[str]) -> None:
    stored_files.remove(CampaignAsset._meta.get_field("file").storage, names)


@receiver(post_delete, sender=CampaignAsset, dispatch_uid="campaigns.assets.delete_files")
def _delete_files_after_commit(sender, instance: CampaignAsset, **kwargs) -> None:
    # However the row goes (asset_delete, a deleted draft brief, the admin), its files
    # follow once that is committed; a rollback keeps both.
    names = _stored_names(instance)
    if names:
        transaction.on_commit(lambda: _delete_files(names))


def file_response(asset: CampaignAsset, variant: str = "file") -> FileResponse:
    """The bytes of an asset (or its thumbnail) for a viewer the caller has checked.

    Images inline with their own type, PDFs as attachments; never sniffed, never run.
    """
    return stored_files.serve_upload(
        asset,
        variant,
        owner=f"asset {asset.pk}",
        as_attachment=asset.kind != CampaignAsset.Kind.IMAGE,
    )
