"""campaigns.assets: adding and removing a brief's files, and what is left on disk."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from campaigns import assets, services
from campaigns.models import CampaignAsset
from kpu_portal.exceptions import Conflict
from tests.campaigns.test_assets_support import (
    HTML,
    PDF,
    brief_at,
    close,
    declared_size_png,
    english_fixture,  # noqa: F401
    files_under,
    jpeg_with_gps,
    media_root_fixture,  # noqa: F401
    opened,
    png_bytes,
    publish,
    upload,
)

pytestmark = pytest.mark.usefixtures("english", "media_root")


@pytest.fixture
def brief(tree):
    return brief_at(tree, "33")


@pytest.fixture
def editor(make_user):
    return make_user("33", "editor")


def add(brief, by, name="foto.jpg", content=None, alt_text="Petugas KPPS membantu pemilih"):
    return assets.asset_add(
        campaign=brief,
        by=by,
        upload=upload(name, jpeg_with_gps() if content is None else content),
        alt_text=alt_text,
    )


def refusal(**kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        add(**kwargs)
    return caught.value.message_dict


def test_an_image_is_stored_cleaned_with_its_thumbnail(brief, editor, media_root):
    asset = add(brief, editor, alt_text="  Petugas KPPS  ")

    asset.refresh_from_db()
    assert asset.kind == CampaignAsset.Kind.IMAGE
    assert (asset.content_type, asset.original_name) == ("image/jpeg", "foto.jpg")
    assert asset.alt_text == "Petugas KPPS"
    assert asset.uploaded_by == editor
    stored = asset.file.read()
    assert asset.size == len(stored)
    assert not opened(stored).getexif()
    assert opened(asset.thumbnail.read()).format == "WEBP"
    assert sorted(path.suffix for path in files_under(media_root)) == [".jpg", ".webp"]
    # Random names under the brief's folder: nothing to guess from the upload's name.
    assert asset.file.name.startswith(f"campaign-assets/{brief.pk}/")
    assert "foto" not in asset.file.name


def test_a_pdf_needs_no_alt_text(brief, editor):
    asset = add(brief, editor, name="juknis.pdf", content=PDF, alt_text="")
    assert asset.kind == CampaignAsset.Kind.DOCUMENT
    assert asset.content_type == "application/pdf"
    assert not asset.thumbnail
    assert asset.file.read() == PDF


def test_a_pdf_under_another_name_is_stored_as_a_pdf(brief, editor):
    asset = add(brief, editor, name="juknis.jpg", content=PDF, alt_text="")
    assert (asset.kind, asset.original_name) == (CampaignAsset.Kind.DOCUMENT, "juknis.pdf")


def test_an_image_without_alt_text_is_refused_naming_alt_text(brief, editor, media_root):
    errors = refusal(brief=brief, by=editor, alt_text="   ")
    assert list(errors) == ["alt_text"]
    assert not CampaignAsset.objects.exists()
    assert files_under(media_root) == []


def test_a_bad_file_and_a_missing_alt_text_are_both_named(brief, editor):
    errors = refusal(brief=brief, by=editor, name="photo.jpg", content=b"text", alt_text="")
    assert errors["file"] == ["photo.jpg is neither a JPEG, PNG or WebP image nor a PDF."]
    assert "alt_text" in errors


def test_an_over_long_alt_text_is_refused(brief, editor):
    errors = refusal(brief=brief, by=editor, alt_text="x" * 501)
    assert errors == {"alt_text": ["Alt text has at most 500 characters."]}


def test_a_decompression_bomb_stores_nothing(brief, editor, media_root):
    errors = refusal(
        brief=brief, by=editor, name="bom.png", content=declared_size_png(30_000, 30_000)
    )
    assert "bom.png" in errors["file"][0]
    assert not CampaignAsset.objects.exists()
    assert files_under(media_root) == []


def test_a_file_named_pdf_that_is_not_one_is_refused(brief, editor, media_root):
    errors = refusal(brief=brief, by=editor, name="juknis.pdf", content=png_bytes(), alt_text="")
    assert errors == {"file": ["juknis.pdf is not a PDF document."]}
    assert files_under(media_root) == []


def test_an_oversize_pdf_is_refused_under_file(brief, editor, settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "document_bytes": 100}
    errors = refusal(brief=brief, by=editor, name="juknis.pdf", content=PDF + b" " * 200)
    assert list(errors) == ["file"]
    assert "juknis.pdf is" in errors["file"][0]


def test_a_png_polyglot_is_stored_without_its_html(brief, editor):
    asset = add(brief, editor, name="poster.png", content=png_bytes() + HTML)
    assert b"<script" not in asset.file.read()


@pytest.mark.parametrize(("code", "role"), [("33", "viewer"), ("00", "admin"), ("33.74", "editor")])
def test_only_editors_of_the_publishing_unit_add_files(brief, make_user, media_root, code, role):
    with pytest.raises(PermissionDenied):
        add(brief, make_user(code, role))
    assert files_under(media_root) == []


@pytest.mark.parametrize("role", ["editor", "approver", "admin"])
def test_editors_and_above_of_the_publishing_unit_add_files(brief, make_user, role):
    assert add(brief, make_user("33", role)).pk


def test_a_closed_brief_refuses_new_files(brief, editor, make_user, media_root):
    close(publish(brief, make_user), make_user)
    with pytest.raises(Conflict):
        add(brief, editor)
    assert files_under(media_root) == []


def test_a_published_brief_takes_new_files_from_its_approvers(brief, make_user):
    # A file reaches every assignee at once, as an amendment does.
    assert add(publish(brief, make_user), make_user(brief.satker.code, "approver")).pk


def test_an_editor_adds_no_file_to_a_published_brief(brief, editor, make_user, media_root):
    with pytest.raises(PermissionDenied):
        add(publish(brief, make_user), editor)
    assert files_under(media_root) == []


def test_a_failed_save_leaves_no_file(brief, editor, media_root, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(CampaignAsset, "save", broken_save)
    with pytest.raises(RuntimeError):
        add(brief, editor)
    assert files_under(media_root) == []


def test_a_failed_thumbnail_write_leaves_no_file(brief, editor, media_root, monkeypatch):
    from django.db.models.fields.files import FieldFile

    real_save = FieldFile.save

    def save(self, name, content, save=True):
        if name.startswith("thumb"):
            raise OSError("disk full")
        return real_save(self, name, content, save)

    monkeypatch.setattr(FieldFile, "save", save)
    with pytest.raises(OSError):
        add(brief, editor)
    assert files_under(media_root) == []
    assert not CampaignAsset.objects.exists()


def test_deleting_an_asset_removes_its_files_after_commit(
    brief, editor, media_root, django_capture_on_commit_callbacks
):
    asset = add(brief, editor)
    assert len(files_under(media_root)) == 2

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assets.asset_delete(asset=asset, by=editor)
    assert not CampaignAsset.objects.exists()
    assert len(files_under(media_root)) == 2  # not before the commit

    for callback in callbacks:
        callback()
    assert files_under(media_root) == []


def test_a_rolled_back_deletion_keeps_the_files(
    brief, editor, media_root, django_capture_on_commit_callbacks
):
    asset = add(brief, editor)
    pk = asset.pk
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assets.asset_delete(asset=asset, by=editor)
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert CampaignAsset.objects.filter(pk=pk).exists()
    assert len(files_under(media_root)) == 2


def test_only_editors_of_the_publishing_unit_remove_files(brief, editor, make_user, media_root):
    asset = add(brief, editor)
    with pytest.raises(PermissionDenied):
        assets.asset_delete(asset=asset, by=make_user("33", "viewer"))
    assert CampaignAsset.objects.filter(pk=asset.pk).exists()


def test_deleting_a_draft_brief_removes_its_files_after_commit(
    brief, editor, media_root, django_capture_on_commit_callbacks
):
    add(brief, editor)
    add(brief, editor, name="juknis.pdf", content=PDF)
    assert len(files_under(media_root)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_delete(campaign=brief, by=editor)

    assert not CampaignAsset.objects.exists()
    assert files_under(media_root) == []
