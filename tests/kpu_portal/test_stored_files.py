"""Stored uploads are served as inert bytes, and removing one never fails a request."""

import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from analytics.models import Snapshot
from kpu_portal import stored_files


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


def _stored(storage, name: str) -> FieldFile:
    field = Snapshot._meta.get_field("evidence")
    return FieldFile(instance=Snapshot(), field=field, name=name)


def test_a_served_file_cannot_run_as_a_page(storage, monkeypatch):
    name = storage.save("shot.png", ContentFile(b"\x89PNG..."))
    stored = _stored(storage, name)
    monkeypatch.setattr(stored, "storage", storage)
    response = stored_files.serve(stored, content_type="image/png", owner="snapshot 1")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"\x89PNG..."


def test_a_missing_file_is_a_404_and_logged(storage, monkeypatch, caplog):
    stored = _stored(storage, "gone.png")
    monkeypatch.setattr(stored, "storage", storage)
    with caplog.at_level(logging.ERROR), pytest.raises(Http404):
        stored_files.serve(stored, content_type="image/png", owner="snapshot 7")
    assert "snapshot 7" in caplog.text


def test_a_file_that_cannot_be_removed_is_logged_and_the_rest_go(storage, monkeypatch, caplog):
    kept, other = storage.save("a.csv", ContentFile(b"a")), storage.save("b.csv", ContentFile(b"b"))
    delete = storage.delete

    def refuse_first(name):
        if name == kept:
            raise PermissionError("read-only")
        delete(name)

    monkeypatch.setattr(storage, "delete", refuse_first)
    with caplog.at_level(logging.WARNING):
        stored_files.remove(storage, [kept, other])
    assert storage.exists(kept) and not storage.exists(other)
    assert kept in caplog.text


def test_a_thumbnail_is_served_under_the_originals_name():
    assert stored_files.thumbnail_filename("poster.final.jpg") == "poster.final-thumbnail.webp"
    assert stored_files.thumbnail_filename("poster") == "poster-thumbnail.webp"
