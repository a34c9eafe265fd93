"""A large CSV upload: kept as a job, stored by a Celery task (in process here), its
progress shown on a page that refreshes itself."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from analytics import ingest, ingest_jobs
from analytics.models import IngestJob, Snapshot

from .conftest import ALL_PLATFORMS

pytestmark = pytest.mark.django_db
HEADER = "post,captured_at,impressions,reach,likes,comments,shares,views"


@pytest.fixture(autouse=True)
def small_threshold(settings, media_root):
    settings.METRICS_CSV_JOB_ROWS = 3


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def _rows(posts, count: int, bad_line: int | None = None) -> str:
    lines = [HEADER]
    now = timezone.localtime()
    for n in range(count):
        moment = (now - timedelta(minutes=10 + n)).strftime("%Y-%m-%d %H:%M")
        likes = "-1" if bad_line == n + 2 else str(n)
        lines.append(f"{posts[n % len(posts)].pk},{moment},100,90,{likes},1,1,50")
    return "\n".join(lines) + "\n"


@pytest.fixture
def posts(published):
    return [published(platform=platform) for platform in ALL_PLATFORMS]


def _upload(client, text: str, capture):
    upload = SimpleUploadedFile("besar.csv", text.encode(), content_type="text/csv")
    with capture(execute=True):
        return client.post("/metrics/upload/", {"file": upload})


def test_a_large_file_becomes_a_job_that_stores_every_row(
    signed_in, posts, django_capture_on_commit_callbacks, english
):
    response = _upload(signed_in, _rows(posts, 12), django_capture_on_commit_callbacks)
    job = IngestJob.objects.get()
    assert response["Location"] == f"/metrics/uploads/{job.pk}/"
    assert (job.status, job.rows_total, job.rows_processed, job.created) == ("done", 12, 12, 12)
    assert Snapshot.objects.count() == 12
    page = signed_in.get(response["Location"]).content.decode()
    assert "Saved: 12 new, 0 corrected, 0 unchanged." in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling


def test_a_job_with_a_bad_row_stores_nothing_and_names_the_row(
    signed_in, posts, django_capture_on_commit_callbacks, english
):
    _upload(signed_in, _rows(posts, 12, bad_line=9), django_capture_on_commit_callbacks)
    job = IngestJob.objects.get()
    assert job.status == "failed"
    assert job.errors == [{"row": 9, "field": "likes", "message": "A figure cannot be negative."}]
    assert not Snapshot.objects.exists()
    page = signed_in.get(f"/metrics/uploads/{job.pk}/").content.decode()
    assert "Row 9, likes: A figure cannot be negative." in page
    assert "Nothing was saved: 1 problem in the file." in page
    assert "<progress" not in page  # no bar stuck short of full on a refused file


def test_the_same_large_file_again_is_all_unchanged(
    signed_in, posts, django_capture_on_commit_callbacks
):
    text = _rows(posts, 6)
    _upload(signed_in, text, django_capture_on_commit_callbacks)
    _upload(signed_in, text, django_capture_on_commit_callbacks)
    latest = IngestJob.objects.order_by("-pk").first()
    assert (latest.created, latest.updated, latest.unchanged) == (0, 0, 6)


def test_progress_is_saved_chunk_by_chunk(
    signed_in, posts, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(ingest, "CHUNK", 4)
    seen = []
    save = ingest_jobs._progress
    monkeypatch.setattr(
        ingest_jobs, "_progress", lambda job_id, done: (seen.append(done), save(job_id, done))
    )
    _upload(signed_in, _rows(posts, 10), django_capture_on_commit_callbacks)
    assert seen == [4, 8, 10, 10]


def _running_job(editor, rows_processed: int) -> IngestJob:
    """A job of 10 rows that a worker is checking."""
    job = IngestJob.objects.create(
        created_by=editor, satker=editor.satker, original_name="besar.csv", rows_total=10
    )
    IngestJob.objects.filter(pk=job.pk).update(status="running", rows_processed=rows_processed)
    return job


def test_a_waiting_job_page_polls_and_refreshes_without_javascript(signed_in, editor):
    job = _running_job(editor, rows_processed=4)
    page = signed_in.get(f"/metrics/uploads/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<noscript><meta http-equiv="refresh"' in page
    assert 'value="40"' in page
    fragment = signed_in.get(f"/metrics/uploads/{job.pk}/", HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<div id="job-progress"')


def test_the_bar_is_full_only_once_the_rows_are_stored(signed_in, editor, english):
    job = _running_job(editor, rows_processed=10)
    saving = signed_in.get(f"/metrics/uploads/{job.pk}/").content.decode()
    assert "Saving…" in saving
    assert 'value="99"' in saving
    IngestJob.objects.filter(pk=job.pk).update(status="done", created=10)
    assert 'value="100"' in signed_in.get(f"/metrics/uploads/{job.pk}/").content.decode()


@pytest.mark.parametrize(
    ("code", "role", "status"),
    [
        ("33.74", "editor", 404),  # a colleague: not theirs
        ("33.74", "admin", 200),  # an admin of the unit
        ("33", "admin", 200),  # an admin of the province above
        ("33", "approver", 404),
        ("33.02", "admin", 404),  # a sibling regency
    ],
)
def test_a_job_is_seen_by_its_uploader_and_admins_above(
    client, editor, make_user, code, role, status
):
    job = IngestJob.objects.create(
        created_by=editor, satker=editor.satker, original_name="besar.csv", rows_total=10
    )
    client.force_login(make_user(code, role))
    assert client.get(f"/metrics/uploads/{job.pk}/").status_code == status


def test_a_job_taken_by_another_worker_is_left_alone(editor):
    job = IngestJob.objects.create(
        created_by=editor, satker=editor.satker, original_name="besar.csv", rows_total=1
    )
    IngestJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    ingest_jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "running"


def test_the_worker_writes_row_errors_in_the_uploaders_language(
    signed_in, posts, django_capture_on_commit_callbacks
):
    signed_in.cookies["django_language"] = "en"
    _upload_later(signed_in, _rows(posts, 12, bad_line=9), django_capture_on_commit_callbacks)
    job = IngestJob.objects.get()
    with translation.override("id"):  # the worker's own language
        ingest_jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.errors == [{"row": 9, "field": "likes", "message": "A figure cannot be negative."}]


@pytest.mark.parametrize("bad_line", [None, 9])
def test_the_uploaded_file_is_removed_once_the_job_has_finished(
    signed_in, posts, django_capture_on_commit_callbacks, media_root, bad_line
):
    _upload_later(signed_in, _rows(posts, 12, bad_line), django_capture_on_commit_callbacks)
    job = IngestJob.objects.get()
    kept = media_root / job.file.name
    assert kept.exists()  # waiting for the worker
    with django_capture_on_commit_callbacks(execute=True):
        ingest_jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ("done" if bad_line is None else "failed")
    assert not job.file
    assert not kept.exists()


def _upload_later(client, text: str, capture):
    """Upload, leaving the job queued (the task is not run)."""
    upload = SimpleUploadedFile("besar.csv", text.encode(), content_type="text/csv")
    with capture(execute=False):
        assert client.post("/metrics/upload/", {"file": upload}).status_code == 302


def test_a_large_files_rows_without_a_reading_are_left_out_and_counted(
    signed_in, posts, django_capture_on_commit_callbacks, english
):
    text = _rows(posts, 5) + f"{posts[0].pk},,,,,,,\n{posts[1].pk},,,,,,,\n"
    response = _upload(signed_in, text, django_capture_on_commit_callbacks)
    job = IngestJob.objects.get()
    assert (job.status, job.created, job.left_out) == ("done", 5, 2)
    page = signed_in.get(response["Location"]).content.decode()
    assert "Saved: 5 new, 0 corrected, 0 unchanged. 2 rows without figures were left out." in page
