"""Timing, query counts, percentiles and the results of one run."""

import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


@dataclass
class Measurement:
    seconds: float = 0.0
    queries: int = 0


@contextmanager
def measured():
    """Wall time and the number of queries of the block (this process's connection).

    Counted as Django's test assertions count them (CaptureQueriesContext, which
    includes COMMIT), from an emptied log; a block of more queries than Django's
    log keeps (9,000) is counted by an execute wrapper instead.
    """
    result = Measurement()
    executed = 0

    def count(execute, sql, params, many, context):
        nonlocal executed
        executed += 1
        return execute(sql, params, many, context)

    reset_queries()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(count):
        started = time.perf_counter()
        yield result
        result.seconds = time.perf_counter() - started
    logged = len(captured.captured_queries)
    result.queries = logged if logged < connection.queries_limit else executed


def percentile(values: list[float], share: float) -> float:
    """The ``share`` (0-1) percentile, linear between ranks; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def repeat(function: Callable[[], object], times: int) -> list[float]:
    """Seconds of each of ``times`` calls."""
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def summary(seconds: list[float]) -> dict:
    return {
        "n": len(seconds),
        "p50_ms": round(percentile(seconds, 0.5) * 1000, 2),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 2),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 2) if seconds else 0.0,
    }


def ratio(slow: float, fast: float) -> float:
    return round(slow / fast, 2) if fast else float("inf")


@dataclass
class Row:
    """One line of the printed table."""

    item: str
    what: str
    value: str
    note: str = ""


@dataclass
class Target:
    item: str
    target: str
    measured: str
    met: bool | None  # None: not measurable in this run


@dataclass
class Results:
    mode: str
    figures: dict = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def row(self, item: str, what: str, value: str, note: str = "") -> None:
        self.rows.append(Row(item, what, value, note))
        print(f"  {item:<3} {what:<52} {value:>16}  {note}", flush=True)

    def target(self, item: str, target: str, measured: str, met: bool | None) -> None:
        self.targets.append(Target(item, target, measured, met))


def load_row(results: "Results", item: str, what: str, load: dict) -> None:
    """A row for a load by wrk (bench.servers.wrk): requests per second, or why not."""
    if "rps" in load:
        figures = f"p50 {load['p50_ms']:.1f} ms, p95 {load['p95_ms']:.1f} ms"
        results.row(item, what, f"{load['rps']:,.0f} req/s", figures)
    else:
        results.row(item, what, "not measured", load.get("error", ""))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def s(seconds: float) -> str:
    return f"{seconds:,.2f} s"
