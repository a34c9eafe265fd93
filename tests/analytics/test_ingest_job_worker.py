"""A large CSV upload stored by a real Celery worker (Redis, PostgreSQL), not in process.

The upload page hands a file with more rows than METRICS_CSV_JOB_ROWS to a job; the
worker checks and stores it while the uploader watches its progress, and the figures
then reach the national dashboard through the worker's roll-up. Only the page reads
the threshold, so lowering it in this process is enough.

The page writes the job's file and the worker reads it: the worker here is one of
this module's own, started with MEDIA_ROOT set to a temporary folder that this
process uses too (the session worker would use the repository's ``var/media``).
"""

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from analytics.ingest import snapshots_ingest
from analytics.models import FIGURES, IngestJob, Snapshot
from tests.celery_worker import (
    CeleryWorker,
    _delete_queue,
    _require_redis_and_postgresql,
    _start_worker,
    _stop,
    poll,
)

from .conftest import ALL_PLATFORMS
from .test_rollup_support import expected_rollups, stored_rollups

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
HEADER = "post,captured_at,impressions,reach,likes,comments,shares,views"
THRESHOLD = 1000  # rows (METRICS_CSV_JOB_ROWS), whatever the environment sets
ROWS = 2500  # three chunks of analytics.ingest.CHUNK: progress is saved after each
JOB_SECONDS = 20.0  # generous: the job takes about a second on an idle machine
ROLLUP_SECONDS = 10.0
IDLE_SECONDS = 20.0
_PERCENT = re.compile(r'<progress max="100" value="(\d+)"')


@pytest.fixture(scope="module")
def ingest_worker(django_db_setup, tmp_path_factory) -> Iterator[tuple[CeleryWorker, Path]]:
    """A worker of this module's own, sharing a temporary MEDIA_ROOT with this process."""
    _require_redis_and_postgresql()
    folder = tmp_path_factory.mktemp("ingest-worker")
    (folder / "mail").mkdir()
    media = folder / "media"
    worker = _start_worker(folder / "worker.log", folder / "mail", env={"MEDIA_ROOT": str(media)})
    try:
        yield worker, media
    finally:
        _stop(worker.process)
        _delete_queue(worker.queue)


@pytest.fixture
def worker(ingest_worker, db, settings, request) -> Iterator[CeleryWorker]:
    """As ``celery_worker_process``: tasks sent in this test go through Redis to it."""
    running, media = ingest_worker
    if not running.alive():
        pytest.fail(
            f"The Celery worker died (exit {running.process.returncode}). "
            f"Its log:\n{running.logs()}",
            pytrace=False,
        )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = running.queue
    settings.MEDIA_ROOT = media
    settings.METRICS_CSV_JOB_ROWS = THRESHOLD
    log_start = running.log_size()
    failed_before = request.session.testsfailed
    yield running
    idle = running.wait_until_idle(IDLE_SECONDS)  # see CeleryWorker.wait_until_idle
    if request.session.testsfailed > failed_before or not running.alive() or not idle:
        print(f"--- Celery worker log during {request.node.nodeid} ---")
        print(running.logs(log_start).rstrip() or "(nothing logged)")
    assert idle, f"the worker was still busy {IDLE_SECONDS:.0f} s after the test"


@pytest.fixture
def posts(worker, published):
    """Kota Semarang's published posts, one per platform (after the worker is set up)."""
    return [published(platform=platform) for platform in ALL_PLATFORMS]


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def _items(posts, count: int, bad_line: int | None = None) -> list[dict]:
    """Rows as the CSV has them: row n is captured 10 + n minutes ago, so rows 0-4 are
    each post's latest; ``bad_line`` (a file line, the header being 1) has likes -1."""
    now = timezone.localtime()
    items = []
    for n in range(count):
        figures = [1000 + n, 900 + n, n, 1, 2, 50 + n]
        if bad_line == n + 2:
            figures[2] = -1
        items.append(
            {
                "post": str(posts[n % len(posts)].pk),
                "captured_at": (now - timedelta(minutes=10 + n)).strftime("%Y-%m-%d %H:%M"),
                **{name: str(value) for name, value in zip(FIGURES, figures, strict=True)},
            }
        )
    return items


def _csv(items: list[dict]) -> bytes:
    lines = [HEADER, *(",".join(item[name] for name in HEADER.split(",")) for item in items)]
    return ("\n".join(lines) + "\n").encode()


def _latest_totals(items: list[dict]) -> dict[str, int]:
    """The national engagement: the sum of each post's latest row."""
    latest: dict[str, dict] = {}
    for item in items:
        if item["post"] not in latest or item["captured_at"] > latest[item["post"]]["captured_at"]:
            latest[item["post"]] = item
    return {name: sum(int(item[name]) for item in latest.values()) for name in FIGURES}


def _upload_and_follow(
    worker: CeleryWorker, client, items: list[dict]
) -> tuple[IngestJob, str, list[int]]:
    """Upload through the page, open the job's page, poll its progress until finished.

    Returns the job, the last progress fragment and every percentage the bar showed.
    """
    log_start = worker.log_size()
    upload = SimpleUploadedFile("besar.csv", _csv(items), content_type="text/csv")
    response = client.post("/metrics/upload/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = IngestJob.objects.get()
    assert response["Location"] == f"/metrics/uploads/{job.pk}/"

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "besar.csv" in html
    assert 'role="status"' in html and _PERCENT.search(html), "no progress shown"

    shown: list[int] = []
    fragments: list[str] = []

    def finished() -> bool:
        fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
        fragments.append(fragment)
        bar = _PERCENT.search(fragment)  # a refused job shows no bar
        if bar:
            shown.append(int(bar.group(1)))
        return 'hx-trigger="every 1s"' not in fragment  # a finished job stops polling

    done = poll(finished, JOB_SECONDS)
    job.refresh_from_db()
    assert done, (
        f"the job did not finish within {JOB_SECONDS:.0f} s: {job.status}, "
        f"{job.rows_processed} of {job.rows_total} rows checked"
    )
    received = "Task analytics.tasks.run_ingest_job["
    assert received in worker.logs(log_start), "the job did not go through the worker"
    return job, fragments[-1], shown


def test_a_large_upload_is_stored_by_the_worker_and_reaches_the_national_dashboard(
    worker, posts, signed_in, editor, api_for, make_user, tree, english
):
    items = _items(posts, ROWS)
    # Already reported before the upload: rows 0-4 with other figures (the file
    # corrects them) and rows 5-9 with the same ones (unchanged).
    earlier = [{**item, **dict.fromkeys(FIGURES, "1")} for item in items[:5]] + items[5:10]
    snapshots_ingest(by=editor, items=earlier, source=Snapshot.Source.API)
    national = api_for(make_user("00", "viewer"))
    dashboard = f"/api/v1/dashboard/{tree('00').pk}/"

    def engagement() -> dict[str, int]:
        return national.get(dashboard).json()["engagement"]

    before = _latest_totals(earlier)
    assert poll(lambda: engagement() == before, ROLLUP_SECONDS), engagement()

    job, fragment, shown = _upload_and_follow(worker, signed_in, items)

    assert job.status == IngestJob.Status.DONE
    assert (job.rows_total, job.rows_processed) == (ROWS, ROWS)
    assert (job.created, job.updated, job.unchanged) == (ROWS - 10, 5, 5)
    assert f"Saved: {ROWS - 10} new, 5 corrected, 5 unchanged." in fragment
    assert shown == sorted(shown) and shown[-1] == 100, shown  # the bar only moves forward
    page = signed_in.get(f"/metrics/uploads/{job.pk}/").content.decode()
    assert f"Saved: {ROWS - 10} new, 5 corrected, 5 unchanged." in page
    assert Snapshot.objects.count() == ROWS
    assert Snapshot.objects.filter(source=Snapshot.Source.CSV).count() == ROWS - 5

    finished_at = time.monotonic()
    after = _latest_totals(items)
    assert after != before
    assert poll(lambda: engagement() == after, ROLLUP_SECONDS), (
        f"the national dashboard shows {engagement()}, not {after}, "
        f"{ROLLUP_SECONDS:.0f} s after the job finished"
    )
    assert time.monotonic() - finished_at < ROLLUP_SECONDS
    assert poll(lambda: stored_rollups() == expected_rollups(), ROLLUP_SECONDS)


def test_a_large_upload_with_one_bad_row_stores_nothing_and_names_it(
    worker, posts, signed_in, english
):
    job, fragment, _ = _upload_and_follow(worker, signed_in, _items(posts, ROWS, bad_line=9))

    assert job.status == IngestJob.Status.FAILED
    assert [(error["row"], error["field"]) for error in job.errors] == [(9, "likes")]
    assert job.errors[0]["message"]
    assert "Nothing was saved." in fragment
    assert "Row 9, likes: " in fragment
    assert 'role="alert"' in fragment
    assert "<progress" not in fragment  # no bar stuck short of full
    assert not Snapshot.objects.exists()
