"""analytics.ingest.snapshots_ingest: all or nothing, idempotent, scoped."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import timezone

from analytics import ingest
from analytics.ingest import IngestError, IngestResult, snapshots_ingest
from analytics.models import Snapshot
from kpu_portal import events
from satker.models import Satker

from .conftest import item

pytestmark = pytest.mark.django_db


def send(by, items, source="api"):
    return snapshots_ingest(by=by, items=items, source=source)


def errors_of(by, items) -> list[tuple[int, str]]:
    with pytest.raises(IngestError) as raised:
        send(by, items)
    return [(error["index"], error["field"]) for error in raised.value.errors]


def test_it_stores_new_snapshots(editor, post):
    result = send(editor, [item(post)])
    assert result == IngestResult(created=1, updated=0, unchanged=0)
    snapshot = Snapshot.objects.get()
    assert (snapshot.post, snapshot.reach, snapshot.source) == (post, 900, "api")
    assert snapshot.reported_by == editor


def test_sending_the_same_snapshot_again_changes_nothing(editor, post):
    batch = [item(post)]
    send(editor, batch)
    before = Snapshot.objects.get().updated_at
    assert send(editor, batch) == IngestResult(created=0, updated=0, unchanged=1)
    assert Snapshot.objects.get().updated_at == before


def test_other_figures_for_the_same_moment_are_a_correction(editor, post):
    moment = timezone.now() - timedelta(hours=2)
    send(editor, [item(post, moment)])
    assert send(editor, [item(post, moment, reach=950)]) == IngestResult(0, 1, 0)
    assert Snapshot.objects.get().reach == 950


def test_a_batch_with_one_bad_item_stores_nothing_and_names_it(editor, post):
    later = timezone.now() - timedelta(minutes=5)
    batch = [item(post), item(post, later, likes=-1)]
    assert errors_of(editor, batch) == [(1, "likes")]
    assert not Snapshot.objects.exists()


def test_every_bad_item_is_named(editor, post):
    batch = [item(post, reach="12a"), item(post), item(post, shares=None, views=1.5)]
    assert errors_of(editor, batch) == [(0, "reach"), (2, "shares"), (2, "views")]


def test_a_missing_field_is_named(editor, post):
    incomplete = item(post)
    del incomplete["comments"]
    assert errors_of(editor, [incomplete]) == [(0, "comments")]


def test_a_negative_figure_is_refused(editor, post):
    assert errors_of(editor, [item(post, impressions=-5)]) == [(0, "impressions")]


@pytest.mark.parametrize("value", [1.5, "12a", True, "1.000", [3]])
def test_a_figure_that_is_not_a_whole_number_is_refused(editor, post, value):
    assert errors_of(editor, [item(post, views=value)]) == [(0, "views")]


def test_whole_numbers_written_as_text_are_read(editor, post):
    assert send(editor, [item(post, views="640", reach=" 900 ")]).created == 1


@pytest.mark.parametrize("value", ["yesterday", "2024-02-14", 1707900000, None])
def test_a_captured_at_that_is_not_a_date_and_time_is_refused(editor, post, value):
    bad = item(post)
    bad["captured_at"] = value
    assert errors_of(editor, [bad]) == [(0, "captured_at")]


def test_a_captured_at_in_the_future_is_refused(editor, post):
    tomorrow = timezone.now() + timedelta(hours=1)
    assert errors_of(editor, [item(post, tomorrow)]) == [(0, "captured_at")]


def test_a_captured_at_before_the_publication_is_refused(editor, post):
    before = post.published_at - timedelta(minutes=1)
    assert errors_of(editor, [item(post, before)]) == [(0, "captured_at")]


def test_the_refusal_gives_the_publication_time_in_the_reporters_zone(editor, post):
    Satker.objects.filter(pk=editor.satker_id).update(timezone="Asia/Jayapura")
    editor.satker.refresh_from_db()
    post.published_at = datetime(2026, 2, 14, 0, 30, tzinfo=UTC)
    post.save(update_fields=["published_at"])
    with pytest.raises(IngestError) as raised:
        send(editor, [item(post, "2026-02-14 09:00")])  # 09:00 WIT, before 09:30 WIT
    [error] = raised.value.errors
    assert error["message"].endswith("(2026-02-14 09:30 WIT).")


def test_a_captured_at_without_offset_is_read_in_the_unit_zone(editor, post):
    post.published_at = timezone.now() - timedelta(days=3000)
    post.save(update_fields=["published_at"])
    send(editor, [item(post, "2024-02-14 09:30")])
    captured = Snapshot.objects.get().captured_at
    assert captured.isoformat() == "2024-02-14T02:30:00+00:00"  # 09:30 WIB


def test_an_unknown_post_is_refused(editor, post):
    batch = [item(post)]
    batch[0]["post"] = post.pk + 1000
    assert errors_of(editor, batch) == [(0, "post")]


def test_a_post_outside_scope_reads_like_an_unknown_one(editor, published):
    outside = published("11.71")  # Banda Aceh: another province
    with pytest.raises(IngestError) as out_of_scope:
        send(editor, [item(outside)])
    unknown = item(outside)
    unknown["post"] = outside.pk + 1000
    with pytest.raises(IngestError) as not_there:
        send(editor, [unknown])
    assert out_of_scope.value.errors == not_there.value.errors


def test_an_unpublished_post_is_refused(editor, published):
    draft = published(platform="x", status="approved")
    assert errors_of(editor, [item(draft, timezone.now() - timedelta(minutes=1))]) == [(0, "post")]


def test_a_province_cannot_report_on_its_regency_post(make_user, post, english):
    province_editor = make_user("33", "editor")
    with pytest.raises(IngestError) as raised:
        send(province_editor, [item(post)])
    assert raised.value.errors[0]["field"] == "post"
    assert "Only editors of" in raised.value.errors[0]["message"]


def test_leadership_cannot_report(make_user, post):
    with pytest.raises(PermissionDenied):
        send(make_user("33.74", "viewer"), [item(post)])


def test_the_same_snapshot_twice_in_one_batch_names_both(editor, post):
    moment = timezone.now() - timedelta(hours=3)
    batch = [item(post, moment), item(post), item(post, moment, likes=3)]
    with pytest.raises(IngestError) as raised:
        send(editor, batch)
    (error,) = raised.value.errors
    assert (error["index"], error["field"], error["duplicate_of"]) == (2, "captured_at", 0)
    assert "0" in error["message"]
    assert not Snapshot.objects.exists()


def test_the_very_same_snapshot_twice_in_one_batch_is_stored_once(editor, post):
    # "The same snapshot sent again changes nothing", within one batch too.
    moment = timezone.now() - timedelta(hours=3)
    result = send(editor, [item(post, moment), item(post, moment)])
    assert result.as_dict() == {"created": 1, "updated": 0, "unchanged": 1}
    assert Snapshot.objects.count() == 1


def test_a_post_is_found_by_its_published_address(editor, post):
    batch = [item(post)]
    batch[0]["post"] = post.url + "/"
    assert send(editor, batch).created == 1
    assert Snapshot.objects.get().post == post


def test_the_after_ingest_hook_gets_the_touched_posts_after_commit(
    editor, post, published, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setitem(events._listeners, events.SNAPSHOTS_REPORTED, [calls.append])
    other = published(platform="x")
    with django_capture_on_commit_callbacks(execute=True):
        send(editor, [item(post), item(other)])
    assert calls == [{post.pk, other.pk}]
    with django_capture_on_commit_callbacks(execute=True):
        send(editor, [item(post), item(other)])  # unchanged: nothing to recompute
    assert calls == [{post.pk, other.pk}]


def test_one_batch_counts_new_corrected_and_unchanged_apart(
    editor, post, published, monkeypatch, django_capture_on_commit_callbacks
):
    other = published(platform="x")
    third = published(platform="tiktok")
    earlier = timezone.now().replace(microsecond=0) - timedelta(hours=5)
    send(editor, [item(post, earlier), item(other, earlier)])
    before = {row.pk: row.updated_at for row in Snapshot.objects.all()}
    calls = []
    monkeypatch.setitem(events._listeners, events.SNAPSHOTS_REPORTED, [calls.append])
    batch = [item(post, earlier), item(other, earlier, likes=81), item(third, earlier)]
    with django_capture_on_commit_callbacks(execute=True):
        assert send(editor, batch) == IngestResult(created=1, updated=1, unchanged=1)
    assert calls == [{other.pk, third.pk}]  # the unchanged post is not recomputed
    stored = {row.post_id: row for row in Snapshot.objects.all()}
    assert stored[other.pk].likes == 81
    assert stored[post.pk].updated_at == before[stored[post.pk].pk]  # not touched
    assert stored[other.pk].updated_at > before[stored[other.pk].pk]


def test_a_correction_records_its_reporter_and_source(editor, make_user, post):
    moment = timezone.now() - timedelta(hours=2)
    send(editor, [item(post, moment)], source="csv")
    colleague = make_user("33.74", "approver")
    assert send(colleague, [item(post, moment, views=700)], source="api").updated == 1
    snapshot = Snapshot.objects.get()
    assert (snapshot.views, snapshot.source, snapshot.reported_by) == (700, "api", colleague)


def test_the_same_moment_written_with_another_offset_is_the_same_snapshot(editor, post):
    moment = timezone.now().replace(microsecond=0) - timedelta(hours=2)
    send(editor, [item(post, moment)])
    jakarta = moment.astimezone(zoneinfo.ZoneInfo("Asia/Jakarta")).isoformat()
    assert send(editor, [item(post, jakarta)]) == IngestResult(0, 0, 1)
    assert send(editor, [item(post, jakarta, reach=901)]) == IngestResult(0, 1, 0)
    assert Snapshot.objects.get().reach == 901


def test_padded_and_zero_led_figures_are_stored_as_numbers(editor, post):
    moment = timezone.now() - timedelta(hours=2)
    send(editor, [item(post, moment, impressions=" 0012 ", reach="0900", views="+640")])
    snapshot = Snapshot.objects.get()
    assert (snapshot.impressions, snapshot.reach, snapshot.views) == (12, 900, 640)
    again = item(post, moment, impressions=12, reach=900, views=640)
    assert send(editor, [again]) == IngestResult(0, 0, 1)


def test_a_figure_past_the_largest_number_is_refused(editor, post):
    too_large = str(2**63)  # 19 digits
    assert errors_of(editor, [item(post, likes=too_large)]) == [(0, "likes")]
    assert errors_of(editor, [item(post, likes=2**63)]) == [(0, "likes")]
    assert send(editor, [item(post, likes=str(2**63 - 1))]).created == 1


@pytest.mark.parametrize("value", [0, -3, 2**63, "0", "²", "12a"])
def test_a_post_reference_that_names_no_post_is_refused(editor, post, value):
    bad = item(post)
    bad["post"] = value
    assert errors_of(editor, [bad]) == [(0, "post")]


def test_a_post_named_by_id_and_by_address_in_different_chunks_is_one_post(
    editor, post, monkeypatch
):
    monkeypatch.setattr(ingest, "CHUNK", 1)  # one query per item
    later = timezone.now() - timedelta(minutes=30)
    by_address = item(post, later)
    by_address["post"] = post.url
    assert send(editor, [item(post), by_address]).created == 2


def test_an_address_shared_by_two_posts_is_refused(editor, post, published, english):
    published(platform="x", url=post.url + "/")
    by_address = item(post)
    by_address["post"] = post.url
    with pytest.raises(IngestError) as raised:
        send(editor, [by_address])
    (error,) = raised.value.errors
    assert error["field"] == "post"
    assert "Several posts" in error["message"]


def test_an_empty_batch_stores_nothing(editor):
    assert send(editor, []) == IngestResult(0, 0, 0)


def test_a_failed_write_stores_nothing_and_announces_nothing(
    editor, post, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setitem(events._listeners, events.SNAPSHOTS_REPORTED, [calls.append])

    def broken(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ingest, "_upsert", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        send(editor, [item(post)])
    assert not Snapshot.objects.exists()
    assert calls == []


# --- Screenshots (the post page's form) ---------------------------------------------


def _screenshot(name: str = "evidence.png") -> ContentFile:
    return ContentFile(b"\x89PNG\r\n\x1a\n fake", name=name)


def test_a_new_screenshot_with_the_same_figures_is_an_update_replacing_the_old_file(
    editor, post, media_root, django_capture_on_commit_callbacks
):
    moment = timezone.now() - timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        send(editor, [{**item(post, moment), "evidence": _screenshot()}], source="form")
    first = Snapshot.objects.get().evidence.name
    storage = Snapshot._meta.get_field("evidence").storage
    assert storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        result = send(editor, [{**item(post, moment), "evidence": _screenshot()}], source="form")
    assert result == IngestResult(0, 1, 0)
    second = Snapshot.objects.get().evidence.name
    assert second != first
    assert storage.exists(second)
    assert not storage.exists(first)  # replaced: deleted once committed


def test_a_correction_without_a_screenshot_keeps_the_stored_one(editor, post, media_root):
    moment = timezone.now() - timedelta(hours=2)
    send(editor, [{**item(post, moment), "evidence": _screenshot()}], source="form")
    kept = Snapshot.objects.get().evidence.name
    assert send(editor, [item(post, moment, likes=99)], source="form").updated == 1
    assert Snapshot.objects.get().evidence.name == kept


def test_a_failed_write_deletes_the_screenshot_it_saved(editor, post, media_root, monkeypatch):
    saved = []
    store = ingest._store_evidence

    def remember(*args):
        staged = store(*args)
        saved.extend(row[-1] for row in staged if row[-1])
        return staged

    def broken(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ingest, "_store_evidence", remember)
    monkeypatch.setattr(ingest, "_upsert", broken)
    with pytest.raises(RuntimeError):
        send(editor, [{**item(post), "evidence": _screenshot()}], source="form")
    storage = Snapshot._meta.get_field("evidence").storage
    assert saved and not any(storage.exists(name) for name in saved)
