"""B4: incremental roll-ups after reports, and how soon the national figure shows them.

A report is one regency's new snapshots of its posts of its latest brief with
published posts (at most five, one per platform), sent through
analytics.ingest.snapshots_ingest as its editor; each raises the national
impressions by a known amount.

1. In process, without a worker: analytics.rollup.rollup_dirty_run after one
   report, against a full rebuild per report (rollup_rebuild's time from B3, or
   measured here).
2. Through a real worker (``celery -A kpu_portal worker``, prefork, 2 processes, on
   Redis database 11 and the run's own queue): single reports one after another,
   latency from the report's commit until the national subtree roll-up shows it
   (polled every 10 ms from a second connection); p50 and p95.
3. A burst: all 514 regencies report, spread evenly over a window (30 s quick,
   60 s full); per-report latency and how long after the last report it shows
   (whether the roll-ups keep up with a steady stream).
4. The burst at once: all 514 reports prepared, then sent as fast as SENDERS
   concurrent clients can (514 offices uploading at the same moment, the worst a
   minute can bring); the time from the first report until the national figure
   shows all of them. This is the issue's "drained within 60 s".

Afterwards the stored national totals must equal a recompute from source.
"""

import threading
import time
from datetime import timedelta

from django.db import connection, connections
from django.utils import timezone

from analytics import rollup
from analytics.ingest import snapshots_ingest
from analytics.models import FIGURES, Snapshot
from analytics.rollup_models import Rollup, RollupScope
from content.choices import PostStatus
from content.models import Post
from satker.models import ROOT_CODE, Satker, User
from satker.roles import Role

from . import servers
from .b3_rollup import FIELDS, _run_floor, floor_totals, rollup_totals
from .measure import Results, measured, ms, percentile, ratio, s

SINGLES = {"quick": 20, "full": 30}
WINDOW = {"quick": 30.0, "full": 60.0}
IN_PROCESS = 5
SENDERS = 4  # concurrent clients of the at-once burst
POLL = 0.01
TIMEOUT = 300.0


class Reporter:
    """Builds reports of regencies and sends them; tracks the expected national total."""

    def __init__(self):
        self.editors = {
            user.satker_id: user
            for user in User.objects.select_related("satker").filter(
                role=Role.EDITOR, satker__level=2
            )
        }
        self.expected = national_impressions()
        self.prepared = 0
        self.lock = threading.Lock()

    def posts_of(self, unit_id: int) -> list[int]:
        """The unit's published posts of its latest brief that has any."""
        latest = (
            Post.objects.filter(satker_id=unit_id, status=PostStatus.PUBLISHED)
            .order_by("-assignment__campaign__published_at")
            .values_list("assignment__campaign_id", flat=True)
            .first()
        )
        if latest is None:
            return []
        return list(
            Post.objects.filter(
                satker_id=unit_id, status=PostStatus.PUBLISHED, assignment__campaign_id=latest
            ).values_list("pk", flat=True)
        )

    def prepare(self, unit_id: int, post_ids: list[int]) -> tuple[User, list[dict], int]:
        """One report of ``unit_id``: (its editor, the items, the raise of national
        impressions). Each post's figures go up from its latest snapshot."""
        latest = {}
        for post_id in post_ids:
            row = Snapshot.objects.filter(post_id=post_id).order_by("-captured_at").first()
            latest[post_id] = row.figures() if row else (0,) * len(FIGURES)
        with self.lock:
            self.prepared += 1
            number = self.prepared
        moment = (
            timezone.now().replace(microsecond=0)
            - timedelta(seconds=60)
            + timedelta(microseconds=number)
        )
        items, raised = [], 0
        for post_id in post_ids:
            before = latest[post_id]
            bump = 10 + number % 7
            figures = [value + bump for value in before]
            raised += bump
            items.append(
                {"post": post_id, "captured_at": moment, **dict(zip(FIGURES, figures, strict=True))}
            )
        return self.editors[unit_id], items, raised

    def send(self, editor: User, items: list[dict], raised: int) -> tuple[float, int]:
        """Send a prepared report; (commit time, national impressions expected after it).

        Thread-safe: concurrent senders each hold their own database connection.
        """
        snapshots_ingest(by=editor, items=items, source=Snapshot.Source.API)
        committed = time.perf_counter()
        with self.lock:
            self.expected += raised
            return committed, self.expected

    def report(self, unit_id: int, post_ids: list[int]) -> tuple[float, int]:
        """Prepare and send one report; (commit time, national impressions expected)."""
        return self.send(*self.prepare(unit_id, post_ids))


def national_impressions(cursor=None) -> int:
    root = Satker.objects.get(code=ROOT_CODE).pk
    own = cursor is None
    cursor = cursor or connection.cursor()
    cursor.execute(
        f"SELECT COALESCE(sum(impressions), 0) FROM {Rollup._meta.db_table} "  # noqa: S608
        "WHERE satker_id = %s AND scope = %s",
        [root, RollupScope.SUBTREE.value],
    )
    value = int(cursor.fetchone()[0])
    if own:
        cursor.close()
    return value


class Poller(threading.Thread):
    """Reads the national impressions every 10 ms from its own connection."""

    def __init__(self):
        super().__init__(daemon=True)
        self.seen: list[tuple[float, int]] = []
        self.stopping = threading.Event()

    def run(self):
        try:
            with connection.cursor() as cursor:
                while not self.stopping.is_set():
                    self.seen.append((time.perf_counter(), national_impressions(cursor)))
                    time.sleep(POLL)
        finally:
            connections.close_all()

    def first_at_least(self, value: int, after: float) -> float | None:
        for moment, seen in list(self.seen):
            if moment >= after and seen >= value:
                return moment
        return None

    def wait_for(self, value: int, after: float, timeout: float = TIMEOUT) -> float | None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            found = self.first_at_least(value, after)
            if found is not None:
                return found
            time.sleep(POLL)
        return None


def run(results: Results, mode: str, queue: str) -> None:
    rebuild_ms = results.figures.get("B3", {}).get("rebuild_ms")
    if rebuild_ms is None or not Rollup.objects.exists():  # run without B3: roll up first
        with measured() as rebuilt:
            rollup.rollup_rebuild()
        rebuild_ms = rebuilt.seconds * 1000
    reporter = Reporter()
    regencies = sorted(reporter.editors)
    posts = {unit: reporter.posts_of(unit) for unit in regencies}
    regencies = [unit for unit in regencies if posts[unit]]
    figures: dict = {"regencies_reporting": len(regencies)}

    # 1. In process: one report, then the incremental run, against a full rebuild.
    rollup.rollup_dirty_run()
    incremental = []
    for unit in regencies[:IN_PROCESS]:
        reporter.report(unit, posts[unit])
        with measured() as took:
            rollup.rollup_dirty_run()
        incremental.append(took)
        assert national_impressions() == reporter.expected
    incremental_ms = percentile([m.seconds for m in incremental], 0.5) * 1000
    figures.update(
        incremental_ms=round(incremental_ms, 1),
        incremental_runs_ms=[round(m.seconds * 1000, 1) for m in incremental],
        incremental_queries=incremental[0].queries,
        full_rebuild_ms=round(rebuild_ms, 1),
        rebuild_over_incremental=ratio(rebuild_ms, incremental_ms),
    )
    results.row(
        "B4",
        "incremental roll-up after one report (in process)",
        ms(incremental_ms / 1000),
        f"{incremental[0].queries} queries",
    )
    results.row(
        "B4",
        "  full rebuild per report (baseline: one rollup_rebuild)",
        ms(rebuild_ms / 1000),
        f"{ratio(rebuild_ms, incremental_ms)}x the incremental run",
    )

    servers.purge_queue(queue)
    worker = servers.CeleryWorker(queue)
    poller = Poller()
    poller.start()
    try:
        # 2. Single reports, one after another, through the worker.
        singles = []
        for unit in regencies[IN_PROCESS : IN_PROCESS + SINGLES[mode]]:
            committed, expected = reporter.report(unit, posts[unit])
            seen = poller.wait_for(expected, committed)
            assert seen is not None, f"report not shown within {TIMEOUT} s\n{worker.logs()[-3000:]}"
            singles.append(seen - committed)
            time.sleep(0.2)
        figures["single_latency"] = {
            "n": len(singles),
            "p50_ms": round(percentile(singles, 0.5) * 1000, 1),
            "p95_ms": round(percentile(singles, 0.95) * 1000, 1),
            "max_ms": round(max(singles) * 1000, 1),
        }
        results.row(
            "B4",
            f"report -> national figure via worker, {len(singles)} singles",
            f"p95 {ms(percentile(singles, 0.95))}",
            f"p50 {ms(percentile(singles, 0.5))}",
        )

        # 3. The burst: every regency reports within the window.
        window = WINDOW[mode]
        burst = regencies
        sent: list[tuple[float, int]] = []
        started = time.perf_counter()
        for index, unit in enumerate(burst):
            pause = started + index * window / len(burst) - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            sent.append(reporter.report(unit, posts[unit]))
        last_sent = time.perf_counter()
        final = poller.wait_for(reporter.expected, started)
        assert final is not None, f"burst not drained within {TIMEOUT} s\n{worker.logs()[-3000:]}"
        latencies = [poller.first_at_least(expected, committed) - committed
                     for committed, expected in sent]  # fmt: skip
        figures["burst"] = {
            "reports": len(burst),
            "window_s": window,
            "sending_s": round(last_sent - started, 2),
            "drained_s": round(final - started, 2),
            "after_last_report_s": round(final - last_sent, 2),
            "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
            "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
            "max_ms": round(max(latencies) * 1000, 1),
            "full_rebuild_per_report_estimate_s": round(len(burst) * rebuild_ms / 1000, 1),
        }
        results.row(
            "B4",
            f"burst: {len(burst)} regencies within {window:.0f} s, drained after",
            s(final - started),
            f"{s(final - last_sent)} after the last report",
        )
        results.row(
            "B4",
            "  burst report -> national figure",
            f"p95 {ms(percentile(latencies, 0.95))}",
            f"p50 {ms(percentile(latencies, 0.5))}",
        )

        # 4. The burst at once.
        figures["burst_at_once"] = at_once = _burst_at_once(reporter, poller, regencies, posts)
        assert at_once["drained_s"] is not None, (
            f"burst not drained within {TIMEOUT} s\n{worker.logs()[-3000:]}"
        )
        results.row(
            "B4",
            f"burst at once: {len(regencies)} reports from {SENDERS} clients, drained after",
            s(at_once["drained_s"]),
            f"sent in {s(at_once['sending_s'])}; "
            f"{s(at_once['after_last_report_s'])} after the last",
        )
        results.row(
            "B4",
            "  a full rebuild per report would take",
            s(len(burst) * rebuild_ms / 1000),
            "estimate: reports x one rebuild",
        )
    finally:
        poller.stopping.set()
        poller.join(timeout=5)
        worker.stop()
        servers.purge_queue(queue)

    # The stored figures equal a recompute from source.
    root = Satker.objects.get(code=ROOT_CODE).pk
    _run_floor()
    assert rollup_totals([root])[root] == floor_totals([root])[root]
    figures["identical_totals"] = True
    figures["national"] = dict(zip(FIELDS, rollup_totals([root])[root], strict=True))
    results.figures["B4"] = figures
    p95 = figures["single_latency"]["p95_ms"]
    at_once = figures["burst_at_once"]
    results.target(
        "B4",
        "p95 report -> national figure under 1 s; 514-report burst drained within 60 s",
        f"p95 {p95:,.0f} ms (singles), {figures['burst']['p95_ms']:,.0f} ms (spread burst); "
        f"{at_once['reports']} reports at once sent in {at_once['sending_s']:.1f} s, drained "
        f"{at_once['drained_s']:.1f} s after the first; spread over {window:.0f} s, shown "
        f"{figures['burst']['after_last_report_s']:.1f} s after the last",
        p95 < 1000 and at_once["sending_s"] <= 60 and at_once["drained_s"] <= 60,
    )


def _burst_at_once(reporter: Reporter, poller: Poller, regencies: list[int], posts: dict) -> dict:
    """Every regency's report, prepared first, then sent by SENDERS threads at once."""
    prepared = [reporter.prepare(unit, posts[unit]) for unit in regencies]
    pending = iter(prepared)
    pending_lock = threading.Lock()
    failures: list[BaseException] = []

    def sender():
        try:
            while True:
                with pending_lock:
                    report = next(pending, None)
                if report is None:
                    return
                reporter.send(*report)
        except BaseException as error:  # re-raised in the main thread
            failures.append(error)
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=sender) for _ in range(SENDERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    last_sent = time.perf_counter()
    if failures:
        raise failures[0]
    final = poller.wait_for(reporter.expected, started)
    return {
        "reports": len(prepared),
        "senders": SENDERS,
        "sending_s": round(last_sent - started, 2),
        "drained_s": None if final is None else round(final - started, 2),
        "after_last_report_s": None if final is None else round(final - last_sent, 2),
    }
