"""B2: storing engagement snapshots four ways, the same rows each time.

- CSV path: analytics.csv_format.parse + analytics.ingest.snapshots_ingest (what
  the upload page and its Celery task run), timed from the file's bytes;
- API path: POST /api/v1/metrics/ through DRF's test client, 1,000 items a request;
- baseline: Snapshot.objects.bulk_create in batches of 1,000 (no checks, no upsert);
- floor: COPY into a temporary table, then one INSERT ... ON CONFLICT upsert.

The rows are new snapshots of the busiest unit's published posts, reported by that
unit's editor (only a unit's own editors may report). After each way the new rows
are compared (count, checksum, latest-per-post totals) and deleted again.
"""

import csv
import io
import json
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from analytics import csv_format
from analytics.ingest import snapshots_ingest
from analytics.models import FIGURES, Snapshot
from analytics.rollup_models import RollupDirty
from content.choices import PostStatus
from content.models import Post
from satker.models import User
from satker.roles import Role

from .measure import Measurement, Results, measured, ms, ratio

ROWS = {"quick": 20_000, "full": 100_000}
BATCH = 1000
TABLE = Snapshot._meta.db_table


WARM_ROWS = 200


def _rows(unit_id: int, count: int) -> list[dict]:
    """``count`` new snapshots of the unit's published posts, later than any stored."""
    posts = list(
        Post.objects.filter(satker_id=unit_id, status=PostStatus.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    start = timezone.now().replace(microsecond=0) - timedelta(days=30)
    rows = []
    for index in range(count):
        post = posts[index % len(posts)]
        round_ = index // len(posts)
        impressions = 100_000 + index
        rows.append(
            {
                "post": post,
                "captured_at": (start + timedelta(minutes=round_)).isoformat(),
                "impressions": impressions,
                "reach": impressions * 7 // 10,
                "likes": impressions // 20,
                "comments": impressions // 200,
                "shares": impressions // 100,
                "views": impressions // 2,
            }
        )
    return rows


def _csv_bytes(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _state(first_new_id: int) -> dict:
    """The new rows: count, checksum, and the latest-per-post totals of their posts."""
    figures = ", ".join(FIGURES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), md5(string_agg(concat_ws(',', post_id, "  # noqa: S608
            f"extract(epoch FROM captured_at)::bigint, {figures}), ';' "
            f"ORDER BY post_id, captured_at)) FROM {TABLE} WHERE id >= %s",
            [first_new_id],
        )
        count, checksum = cursor.fetchone()
        sums = ", ".join(f"SUM({name})" for name in FIGURES)
        cursor.execute(
            f"SELECT {sums} FROM (SELECT DISTINCT ON (post_id) {figures} "  # noqa: S608
            f"FROM {TABLE} WHERE post_id IN (SELECT post_id FROM {TABLE} WHERE id >= %s) "
            f"ORDER BY post_id, captured_at DESC) latest",
            [first_new_id],
        )
        totals = [int(value or 0) for value in cursor.fetchone()]
    return {"rows": count, "checksum": checksum, "latest_totals": totals}


def _undo(first_new_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id >= %s", [first_new_id])  # noqa: S608
    RollupDirty.objects.all().delete()


def _next_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {TABLE}")  # noqa: S608
        return cursor.fetchone()[0]


def _via_csv(editor: User, rows: list[dict]) -> Measurement:
    content = _csv_bytes(rows)
    with measured() as took:
        parsed = csv_format.parse(content)
        result = snapshots_ingest(by=editor, items=parsed.items, source=Snapshot.Source.CSV)
    assert result.created == len(rows), result
    return took


def _via_api(editor: User, rows: list[dict]) -> Measurement:
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    bodies = [json.dumps(rows[i : i + BATCH]) for i in range(0, len(rows), BATCH)]
    created = 0
    with measured() as took:
        for body in bodies:
            response = client.post("/api/v1/metrics/", body, content_type="application/json")
            assert response.status_code == 200, response.content[:500]
            created += response.json()["created"]
    assert created == len(rows), created
    return took


def _via_bulk_create(editor: User, rows: list[dict]) -> Measurement:
    with measured() as took:
        now = timezone.now()
        snapshots = [
            Snapshot(
                post_id=row["post"],
                captured_at=row["captured_at"],
                source=Snapshot.Source.API,
                reported_by=editor,
                created_at=now,
                updated_at=now,
                **{name: row[name] for name in FIGURES},
            )
            for row in rows
        ]
        Snapshot.objects.bulk_create(snapshots, batch_size=BATCH)
    return took


def _via_copy(editor: User, rows: list[dict]) -> Measurement:
    figures = ", ".join(FIGURES)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in FIGURES)
    changed = " OR ".join(f"{TABLE}.{name} <> EXCLUDED.{name}" for name in FIGURES)
    with measured() as took:
        buffer = io.StringIO()
        for row in rows:
            buffer.write(
                "\t".join(str(row[name]) for name in ["post", "captured_at", *FIGURES]) + "\n"
            )
        buffer.seek(0)
        with transaction.atomic(), connection.cursor() as cursor:  # its COMMIT counts too
            cursor.execute(
                f"CREATE TEMP TABLE bench_incoming (post_id bigint, captured_at timestamptz, "
                f"{', '.join(f'{name} bigint' for name in FIGURES)}) ON COMMIT DROP"
            )
            cursor.cursor.copy_expert(
                f"COPY bench_incoming (post_id, captured_at, {figures}) FROM STDIN", buffer
            )
            cursor.execute(
                f"INSERT INTO {TABLE} (post_id, captured_at, {figures}, source, "  # noqa: S608
                f"reported_by_id, evidence, created_at, updated_at) "
                f"SELECT post_id, captured_at, {figures}, 'api', %s, '', now(), now() "
                f"FROM bench_incoming ON CONFLICT (post_id, captured_at) DO UPDATE SET "
                f"{updates}, updated_at = now() WHERE {changed}",
                [editor.pk],
            )
    return took


def run(results: Results, mode: str, busiest_unit: int) -> None:
    editor = User.objects.get(satker_id=busiest_unit, role=Role.EDITOR)
    rows = _rows(busiest_unit, ROWS[mode])
    ways = [
        ("csv", "CSV path (parse + snapshots_ingest)", _via_csv),
        ("api", f"API path (POST metrics/, {BATCH} a request)", _via_api),
        ("bulk_create", f"bulk_create, batches of {BATCH} (baseline)", _via_bulk_create),
        ("copy_upsert", "COPY + INSERT ... ON CONFLICT (floor)", _via_copy),
    ]
    # Untimed first: every way warm (imports, the first Celery publish, the database's
    # caches), as they are in a running portal; each is undone like the timed runs.
    for _, _, how in ways:
        first = _next_id()
        try:
            how(editor, rows[:WARM_ROWS])
        finally:
            _undo(first)
    seconds, queries, states = {}, {}, {}
    for key, _, how in ways:
        first = _next_id()
        try:
            took = how(editor, rows)
            states[key] = _state(first)
        finally:
            _undo(first)
        seconds[key], queries[key] = took.seconds, took.queries
    reference = states["copy_upsert"]
    for key, state in states.items():
        assert state == reference, (key, state, reference)
    assert reference["rows"] == len(rows)

    for key, label, _ in ways:
        rate = len(rows) / seconds[key]
        results.row("B2", label, ms(seconds[key]), f"{rate:,.0f} rows/s, {queries[key]} queries")
    csv_vs_floor = ratio(seconds["csv"], seconds["copy_upsert"])
    csv_vs_bulk = ratio(seconds["bulk_create"], seconds["csv"])
    results.row("B2", "  CSV path / COPY floor", f"{csv_vs_floor}x")
    results.row("B2", "  bulk_create / CSV path (speed-up)", f"{csv_vs_bulk}x")
    results.figures["B2"] = {
        "rows": len(rows),
        "unit": busiest_unit,
        "ms": {key: round(value * 1000, 1) for key, value in seconds.items()},
        "queries": queries,
        "rows_per_second": {key: round(len(rows) / value) for key, value in seconds.items()},
        "csv_over_copy": csv_vs_floor,
        "bulk_create_over_csv": csv_vs_bulk,
        "api_over_copy": ratio(seconds["api"], seconds["copy_upsert"]),
        "identical_contents": True,
        "checksum": reference["checksum"],
    }
    results.target(
        "B2",
        "CSV path within 2x of COPY + upsert and >= 3x faster than bulk_create",
        f"CSV {csv_vs_floor}x the floor; bulk_create {csv_vs_bulk}x the CSV path's time",
        csv_vs_floor <= 2 and csv_vs_bulk >= 3,
    )
