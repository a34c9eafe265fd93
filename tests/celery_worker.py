"""A real Celery worker for tests, and in-process tasks for every other test.

``celery_worker_process`` starts ``celery -A kpu_portal worker --pool solo`` as a
separate process on the same Redis and the same *test* database, so a test can
send a task through the broker and see a worker run it. Tests that use it are
marked ``@pytest.mark.worker``. It needs REDIS_URL in the test process's
environment (settings read it at import) and DATABASE_URL pointing at
PostgreSQL (an in-memory SQLite test database cannot be shared with another
process). Without them the test is skipped, or fails when CI is set, so a CI
run never passes by skipping them.

The worker consumes a queue of its own (``worker.queue``), which is the default
queue in the test process while the fixture is active, so concurrent runs on one
Redis never take each other's tasks. A task routed explicitly to another queue
does not reach it.

A row the worker must read has to be committed: use
``@pytest.mark.django_db(transaction=True)`` and enqueue with
``task.delay_on_commit(...)`` as the code does.

Every other test runs Celery tasks in process (``celery_eager``,
autouse), even when REDIS_URL is set, so a suite run against Redis behaves like
one without it except for the worker tests.
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.db import connection

from kpu_portal.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parent.parent
# Modules of test-only tasks that the worker imports besides the project's own.
WORKER_INCLUDE = ["tests.kpu_portal.worker_tasks"]
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
IDLE_TIMEOUT = 20.0


@dataclass
class CeleryWorker:
    """A running worker process: its node name, its queue, its log and its mailbox."""

    node: str
    queue: str
    log_path: Path
    process: subprocess.Popen
    # The worker sends e-mail with the file-based backend: one file per message here.
    mail_dir: Path

    def sent_mail(self) -> list[str]:
        return [path.read_text(errors="replace") for path in sorted(self.mail_dir.glob("*.log"))]

    def alive(self) -> bool:
        return self.process.poll() is None

    def ping(self, timeout: float = 1.0) -> bool:
        replies = celery_app.control.ping(destination=[self.node], timeout=timeout) or []
        return any(self.node in reply for reply in replies)

    def wait_until_idle(self, seconds: float = IDLE_TIMEOUT) -> bool:
        """Whether the worker ran out of work within ``seconds``: its queue empty and
        nothing running, reserved or waiting for a countdown, twice in a row (a solo
        worker busy with a task does not answer).

        Tests wait for this before pytest-django empties the database: a task still
        writing (a roll-up a report enqueued) would deadlock with the TRUNCATE.
        """
        inspect = celery_app.control.inspect(destination=[self.node], timeout=0.5)
        calm = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.alive():
            with celery_app.connection_for_write() as conn:
                waiting = conn.default_channel.queue_declare(self.queue)
            replies = [inspect.active(), inspect.reserved(), inspect.scheduled()]
            quiet = all(reply and not reply.get(self.node) for reply in replies)
            calm = calm + 1 if quiet and not waiting.message_count else 0
            if calm == 2:
                return True
            time.sleep(0.1)
        return False

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def logs(self, since: int = 0) -> str:
        if not self.log_path.exists():
            return ""
        with self.log_path.open(encoding="utf-8", errors="replace") as log:
            log.seek(since)
            return log.read()


def poll(check, seconds: float):
    """``check()`` every 0.1 s until it returns something true or ``seconds`` pass;
    its last result."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} CI is set, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(reason)


def _require_redis_and_postgresql() -> None:
    if not django_settings.REDIS_URL:
        _missing("Worker tests need REDIS_URL (for example redis://127.0.0.1:6379/0).")
    if connection.vendor != "postgresql":
        _missing(
            "Worker tests need DATABASE_URL pointing at PostgreSQL: the worker process "
            "must share the test database."
        )


def worker_database_url() -> str:
    """A DATABASE_URL for the test database that pytest-django created (test_<name>)."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(db.get("HOST") or "", safe="")  # a socket directory is percent-encoded
    port = f":{db['PORT']}" if db.get("PORT") else ""
    options = {key: value for key, value in (db.get("OPTIONS") or {}).items()}
    query = f"?{urlencode(options)}" if options else ""
    return f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}{query}"


def _purge(queue: str) -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=5)
        conn.default_channel.queue_purge(queue)


def _delete_queue(queue: str) -> None:
    """Drop the run's queue and, on Redis, the binding key kombu left for it."""
    try:
        with celery_app.connection_for_write() as conn:
            channel = conn.default_channel
            channel.queue_delete(queue)
            prefixes = ("keyprefix_queue", "keyprefix_binding_permanent")
            keys = [getattr(channel, name) % queue for name in prefixes if hasattr(channel, name)]
            if keys:
                channel.client.delete(*keys)
    except Exception:  # clean-up only; the queue is unique to this run
        pass


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # warm shutdown: a running task finishes
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


def _start_worker(log_path: Path, mail_dir: Path, env: dict | None = None) -> CeleryWorker:
    """Start a worker on a queue of its own; ``env`` adds or overrides variables."""
    token = uuid.uuid4().hex[:12]
    node = f"kpu-test-{token}@localhost"
    queue = f"kpu-test-{token}"
    _purge(queue)
    extra_env = env
    env = {key: value for key, value in os.environ.items() if not key.endswith("_URL_FILE")}
    env.update(
        DATABASE_URL=worker_database_url(),
        REDIS_URL=django_settings.REDIS_URL,
        DJANGO_SETTINGS_MODULE="kpu_portal.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(BASE_DIR), env.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
        # Tasks the worker enqueues itself go to the queue it consumes.
        CELERY_TASK_DEFAULT_QUEUE=queue,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
    )
    env.update(extra_env or {})
    command = [
        sys.executable, "-m", "celery", "-A", "kpu_portal", "worker",
        "--pool", "solo", "--concurrency", "1", "-l", "info",
        "--hostname", node, "--queues", queue,
        "--without-mingle", "--without-gossip",
        "--include", ",".join(WORKER_INCLUDE),
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = CeleryWorker(
        node=node, queue=queue, log_path=log_path, process=process, mail_dir=mail_dir
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not worker.alive():
            pytest.fail(
                f"The Celery worker exited with {process.returncode} before it answered "
                f"a ping. Its log ({log_path}):\n{worker.logs()}",
                pytrace=False,
            )
        if worker.ping(timeout=0.5):
            return worker
    _stop(process)
    pytest.fail(
        f"The Celery worker did not answer a ping within {START_TIMEOUT:.0f} s. "
        f"Its log ({log_path}):\n{worker.logs()}",
        pytrace=False,
    )
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def celery_worker_session(django_db_setup, tmp_path_factory) -> Iterator[CeleryWorker]:
    """One worker for the whole session, started by the first test that asks for it."""
    _require_redis_and_postgresql()
    folder = tmp_path_factory.mktemp("celery")
    (folder / "mail").mkdir()
    worker = _start_worker(folder / "worker.log", folder / "mail")
    try:
        yield worker
    finally:
        _stop(worker.process)
        _delete_queue(worker.queue)


@pytest.fixture
def celery_worker_process(celery_worker_session, db, settings, request) -> Iterator[CeleryWorker]:
    """A real worker process; tasks sent in this test go through Redis to it.

    It asks for ``db`` so the test database exists; the worker sees only what a
    test commits, under ``@pytest.mark.django_db(transaction=True)``.
    """
    worker = celery_worker_session
    if not worker.alive():
        pytest.fail(
            f"The Celery worker died (exit {worker.process.returncode}). Its log:\n{worker.logs()}",
            pytrace=False,
        )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = worker.queue
    log_start = worker.log_size()
    failed_before = request.session.testsfailed
    yield worker
    idle = worker.wait_until_idle()  # before the database is emptied (see the method)
    if request.session.testsfailed > failed_before or not worker.alive() or not idle:
        # Captured teardown output: pytest shows it beside the failed test.
        print(f"--- Celery worker log during {request.node.nodeid} ---")
        print(worker.logs(log_start).rstrip() or "(nothing logged)")


@pytest.fixture(autouse=True)
def celery_eager(settings) -> None:
    """Tasks run eagerly in the test process unless a test asks for the worker."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
