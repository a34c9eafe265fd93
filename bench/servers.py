"""Processes the bench starts and stops: gunicorn, a Celery worker, and wrk.

Each is started on loopback with the bench's environment (its database, its Redis
database and queue), in a session of its own, and stopped by its own pid.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "errors": %d, "non_2xx": %d, '
    .. '"p50_ms": %f, "p95_ms": %f, "p99_ms": %f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def _log_path(prefix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".log")
    os.close(handle)
    return Path(name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen, timeout: float = 15) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


class Gunicorn:
    """gunicorn with ``workers`` sync workers on a free loopback port."""

    def __init__(self, workers: int = 2):
        # As in production, pages name the collected, hashed static files (DEBUG off).
        subprocess.run(  # noqa: S603 - fixed arguments
            [str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=BASE_DIR, env=dict(os.environ), check=True,
        )  # fmt: skip
        self.port = free_port()
        self.log = _log_path("bench-gunicorn-")
        command = [
            str(VENV_BIN / "gunicorn"), "kpu_portal.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
            "--log-level", "warning", "--timeout", "60",
        ]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                command, cwd=BASE_DIR, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
            except Exception:  # an HTTP error answer still means it is up
                return
        self.stop()
        raise RuntimeError("gunicorn did not answer within 30 s")

    def stop(self) -> None:
        _stop(self.process)


def wrk(
    url: str,
    token: str | None,
    seconds: int,
    connections: int,
    threads: int = 1,
    headers: dict[str, str] | None = None,
) -> dict:
    """Load ``url`` for ``seconds`` with ``connections`` open connections; wrk's figures.
    ``token`` signs API requests in; ``headers`` adds others (a page's session cookie)."""
    if shutil.which("wrk") is None:
        return {"error": "wrk is not installed (apt-get install wrk)"}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Token {token}"
    command = [
        "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
        "--timeout", "10s", "-s", script.name,
        *(part for name, value in sent.items() for part in ("-H", f"{name}: {value}")), url,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)  # noqa: S603
    os.unlink(script.name)
    line = [text for text in out.stdout.splitlines() if text.startswith("{")]
    if not line:
        return {"error": out.stdout[-500:] + out.stderr[-500:]}
    figures = json.loads(line[-1])
    if figures["non_2xx"] or figures["errors"]:  # then the figures time failures
        figures["error"] = f"{figures['non_2xx']} answers not 2xx, {figures['errors']} errors"
        return figures
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    figures["connections"] = connections
    return figures


class CeleryWorker:
    """``celery -A kpu_portal worker`` on the bench's queue (prefork, one process a core)."""

    def __init__(self, queue: str, concurrency: int = 2):
        self.queue = queue
        self.node = f"{queue}@localhost"
        self.log = _log_path("bench-worker-")
        command = [
            sys.executable, "-m", "celery", "-A", "kpu_portal", "worker",
            "--concurrency", str(concurrency), "-l", "warning",
            "--hostname", self.node, "--queues", queue,
            "--without-mingle", "--without-gossip",
        ]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                command, cwd=BASE_DIR, env=dict(os.environ, PYTHONUNBUFFERED="1"), stdout=log,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        from kpu_portal.celery import app

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log.read_text()[-2000:]}")
            replies = app.control.ping(destination=[self.node], timeout=0.5) or []
            if any(self.node in reply for reply in replies):
                return
        self.stop()
        raise RuntimeError("the Celery worker did not answer a ping within 30 s")

    def stop(self) -> None:
        _stop(self.process, timeout=30)

    def logs(self) -> str:
        return self.log.read_text(errors="replace")


def purge_queue(queue: str) -> int:
    from kpu_portal.celery import app

    with app.connection_for_write() as conn:
        return conn.default_channel.queue_purge(queue) or 0


def delete_queue(queue: str) -> None:
    from kpu_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            channel = conn.default_channel
            channel.queue_delete(queue)
            prefixes = ("keyprefix_queue", "keyprefix_binding_permanent")
            keys = [getattr(channel, name) % queue for name in prefixes if hasattr(channel, name)]
            if keys:
                channel.client.delete(*keys)
    except Exception:  # noqa: S110 - clean-up of a queue unique to this run
        pass
