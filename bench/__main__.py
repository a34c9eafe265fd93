"""``python -m bench --quick`` (or ``--full``): generate the data set, run B1-B6, report.

Creates (and afterwards drops) its own PostgreSQL database, by default
postgres://postgres@127.0.0.1:5432/kpu_bench (``--database-url`` or
BENCH_DATABASE_URL to change it; its name must contain "bench"); Celery on
redis://127.0.0.1:6379/11 (``--redis-url``) with a queue of the run's own. Prints a
table and writes bench/results/<timestamp>-<mode>.json.
"""

import argparse
import contextlib
import json
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from .setup import (
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    BenchRefused,
    check_database_url,
    configure_environment,
    create_database,
    database_exists,
    drop_database,
)

ITEMS = ["B1", "B2", "B6", "B3", "B4", "B5"]
RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument(
        "--quick",
        action="store_const",
        dest="mode",
        const="quick",
        help="about 50,000 posts and 500,000 snapshots (under ~10 minutes)",
    )
    size.add_argument(
        "--full",
        action="store_const",
        dest="mode",
        const="full",
        help="about 1,000,000 posts and 10,000,000 snapshots",
    )
    parser.add_argument(
        "--only", default=",".join(ITEMS), help="items to run, comma-separated (default: all)"
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument(
        "--keep-db", action="store_true", help="leave the bench database in place afterwards"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the data set a --keep-db run left instead of generating one",
    )
    parser.add_argument(
        "--load-seconds",
        type=int,
        default=None,
        help="seconds of each gunicorn load (default 8 quick, 15 full)",
    )
    return parser.parse_args(argv)  # fmt: skip


def _machine() -> dict:
    from django.db import connection

    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    import django

    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": memory,
        "postgresql": server,
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def main(argv: list[str] | None = None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    try:
        params = check_database_url(args.database_url)
    except BenchRefused as refused:
        print(f"bench: {refused}", file=sys.stderr)
        return 2
    wanted = [item.strip().upper() for item in args.only.split(",") if item.strip()]
    reuse = args.reuse and database_exists(params)
    if not reuse:
        create_database(params)
    queue = configure_environment(args.database_url, args.redis_url)

    import warnings

    import django

    # DEBUG off without collectstatic: whitenoise warns that staticfiles/ is missing.
    warnings.filterwarnings("ignore", message="No directory at")
    warnings.filterwarnings("ignore", message="Limit for query logging exceeded")  # counted
    django.setup()
    from django.core.management import call_command

    from . import generate, measure, servers

    results = measure.Results(mode=args.mode)
    started = time.perf_counter()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{stamp}-{args.mode}.json"
    if args.mode == "full":
        _limit_memory()
    gunicorn = None
    try:
        print(f"bench --{args.mode}: database {params['NAME']} on {params.get('HOST')}", flush=True)
        call_command("migrate", verbosity=0)  # a kept database may predate a migration
        if reuse:
            data = generate.load_data_set(args.mode)
            print("  reusing the data set of an earlier --keep-db run", flush=True)
        else:
            print("generating the data set", flush=True)
            data = generate.generate(args.mode)
        results.figures["machine"] = _machine()
        results.figures["data"] = data.as_dict()
        print(f"  {json.dumps(results.figures['data'])}", flush=True)
        subjects = _subjects(data)
        load_seconds = args.load_seconds or (8 if args.mode == "quick" else 15)

        def server():
            nonlocal gunicorn
            if gunicorn is None:
                gunicorn = servers.Gunicorn(workers=2)
            return gunicorn

        runners = {
            "B1": lambda: _item("b1_cascade").run(results),
            "B2": lambda: _item("b2_ingest").run(results, args.mode, subjects["busiest_unit"]),
            "B6": lambda: _item("b6_list").run(
                results, subjects["token"], subjects["viewer"], server(), servers.wrk, load_seconds
            ),
            "B3": lambda: _item("b3_rollup").run(results),
            "B4": lambda: _item("b4_incremental").run(results, args.mode, queue),
            "B5": lambda: _item("b5_dashboard").run(
                results, subjects, server(), servers.wrk, load_seconds
            ),
        }
        for item in [item for item in ITEMS if item in wanted]:
            print(f"{item}:", flush=True)
            item_started = time.perf_counter()
            try:
                runners[item]()
            except Exception as error:  # one broken item must not hide the others' figures
                traceback.print_exc()
                results.figures.setdefault("errors", {})[item] = f"{type(error).__name__}: {error}"
                results.target(item, "(item failed)", f"{type(error).__name__}: {error}", False)
            results.figures.setdefault("item_seconds", {})[item] = round(
                time.perf_counter() - item_started, 1
            )
            _write_json(results, args, path)  # what is done so far survives an interruption
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        with contextlib.suppress(Exception):  # Redis may be gone; nothing else to clean
            servers.delete_queue(queue)
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            drop_database(params)
    results.figures["total_seconds"] = round(time.perf_counter() - started, 1)
    _report(results, args, path)
    return 1 if results.figures.get("errors") else 0


def _item(name: str):
    import importlib

    return importlib.import_module(f"bench.{name}")


def _subjects(data) -> dict:
    """Who and what the items measure: the busiest unit, a national viewer and its token."""
    from rest_framework.authtoken.models import Token

    from satker.models import ROOT_CODE, Satker, User
    from satker.roles import Role

    root = Satker.objects.get(code=ROOT_CODE)
    viewer = User.objects.select_related("satker").get(satker=root, role=Role.VIEWER)
    token, _ = Token.objects.get_or_create(user=viewer)
    busiest = max(data.posts_per_unit, key=data.posts_per_unit.get)
    return {"root": root, "viewer": viewer, "token": token.key, "busiest_unit": busiest}


def _limit_memory() -> None:
    """Cap this process (and what it starts) so a roll-up that outgrows memory fails alone.

    On a shared machine an out-of-memory kill could take other work with it; past
    the cap the item raises MemoryError and the run goes on with the next item.
    """
    import resource

    cap = int(os.environ.get("BENCH_MEMORY_GIB", "12")) * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _write_json(results, args, path: Path) -> None:
    document = {
        "mode": args.mode,
        "command": f"python -m bench --{args.mode}",
        "started_at": path.name.split("-")[0],
        **results.figures,
        "table": [row.__dict__ for row in results.rows],
        "targets": [target.__dict__ for target in results.targets],
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")


def _report(results, args, path: Path) -> None:
    print("\nTargets (issue 5, 'Bench'):")
    for target in results.targets:
        verdict = {True: "met", False: "NOT met", None: "n/a"}[target.met]
        print(f"  {target.item:<3} {verdict:<8} {target.target}\n               {target.measured}")
    _write_json(results, args, path)
    print(f"\nwritten: {path} ({results.figures['total_seconds']} s in all)")


if __name__ == "__main__":
    sys.exit(main())
