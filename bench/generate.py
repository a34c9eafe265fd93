"""The data set: 553 units, users, one national campaign period, posts, snapshots.

Sizes (``SIZES``): ``quick`` about 50,000 posts and 500,000 snapshots, ``full``
about 1,000,000 posts and 10,000,000 snapshots. A unit has at most one post per
platform per brief (content.models.Post), so the period has as many national
briefs as it takes to hold the posts with room to spare: each unit's share follows
a Zipf law (rank ** -1) capped at five posts per brief, so a few busy units post
on every brief and platform and a long tail posts rarely.

Assignments, posts and snapshots go in with PostgreSQL COPY, with explicit ids
(sequences are moved past them afterwards); snapshots of a post are time-ordered
and cumulative. Everything is drawn from one seeded random generator.
"""

import io
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Count

from analytics.models import FIGURES, Snapshot
from campaigns.choices import AssignmentStatus, CampaignStatus, Platform
from campaigns.models import Assignment, Campaign
from content.choices import PostStatus
from content.models import Post
from satker.models import Satker, User
from satker.roles import Role
from satker.tree import seed_tree

SIZES = {
    "quick": {"posts": 50_000, "snapshots": 500_000, "briefs": 90},
    "full": {"posts": 1_000_000, "snapshots": 10_000_000, "briefs": 1600},
}
ROLES = [Role.EDITOR, Role.APPROVER, Role.VIEWER]  # the people of every unit
PLATFORMS = [platform.value for platform in Platform]
PERIOD_START = datetime(2023, 11, 28, tzinfo=UTC)
PERIOD_DAYS = 75  # the 2024 election's campaign period: 28 Nov 2023 - 10 Feb 2024
PASSWORD = "bench-password"  # a throwaway database's users
COPY_ROWS = 200_000  # rows per COPY statement
SNAPSHOT_COLUMNS = ["id", "post_id", "captured_at", *FIGURES]
SNAPSHOT_COLUMNS += ["source", "reported_by_id", "evidence", "created_at", "updated_at"]
# Share of posts in each state; the rest are published.
OTHER_STATES = [
    (PostStatus.DRAFT, 0.04),
    (PostStatus.SUBMITTED, 0.04),
    (PostStatus.CHANGES_REQUESTED, 0.02),
    (PostStatus.APPROVED, 0.05),
]


@dataclass
class DataSet:
    """What was generated, for the items to pick their subjects from."""

    mode: str
    units: int = 0
    users: int = 0
    briefs: int = 0
    assignments: int = 0
    posts: int = 0
    published_posts: int = 0
    snapshots: int = 0
    seconds: float = 0.0
    posts_per_unit: dict[int, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        counts = sorted(self.posts_per_unit.values(), reverse=True)
        return {
            "units": self.units,
            "users": self.users,
            "briefs": self.briefs,
            "assignments": self.assignments,
            "posts": self.posts,
            "published_posts": self.published_posts,
            "snapshots": self.snapshots,
            "generation_seconds": round(self.seconds, 1),
            "posts_per_unit": {
                "max": counts[0] if counts else 0,
                "top_10_units_share": round(sum(counts[:10]) / max(1, sum(counts)), 3),
                "median": counts[len(counts) // 2] if counts else 0,
                "min": counts[-1] if counts else 0,
            },
        }


def zipf_counts(total: int, units: int, cap: int, exponent: float = 1.0) -> list[int]:
    """``total`` spread over ``units`` by rank ** -exponent, none above ``cap`` (water-filling)."""
    if total > units * cap:
        raise ValueError("More posts than briefs x platforms x units can hold.")
    weights = [(rank + 1) ** -exponent for rank in range(units)]
    low, high = 0.0, float(total) * 2
    for _ in range(100):
        scale = (low + high) / 2
        if sum(min(cap, scale * weight) for weight in weights) < total:
            low = scale
        else:
            high = scale
    counts = [min(cap, int(high * weight)) for weight in weights]
    rank = 0
    while sum(counts) < total:  # rounding: hand out the rest from the top, below the cap
        if counts[rank % units] < cap:
            counts[rank % units] += 1
        rank += 1
    while sum(counts) > total:
        rank = max(range(units), key=lambda index: counts[index])
        counts[rank] -= 1
    return counts


def _copy(table: str, columns: list[str], rows) -> int:
    """COPY ``rows`` (tuples of text, None for NULL) into ``table``, in batches."""
    written = 0
    buffer = io.StringIO()
    pending = 0
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)"
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor, for copy_expert

        def flush():
            buffer.seek(0)
            raw.copy_expert(statement, buffer)
            buffer.seek(0)
            buffer.truncate()

        for row in rows:
            buffer.write("\t".join("\\N" if value is None else str(value) for value in row))
            buffer.write("\n")
            pending += 1
            written += 1
            if pending >= COPY_ROWS:
                flush()
                pending = 0
        if pending:
            flush()
    return written


def _move_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def generate(mode: str, seed: int = 2024, log=print) -> DataSet:
    size = SIZES[mode]
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    data = DataSet(mode=mode)
    started = time.perf_counter()

    seed_tree()
    units = list(Satker.objects.order_by("tree_id", "lft"))
    root = units[0]
    targets = [unit for unit in units if unit.level > 0]  # 552: what a national brief reaches
    data.units = len(units)

    password = make_password(PASSWORD)
    people = [
        User(
            username=f"b{unit.code}.{role.value}",
            password=password,
            satker=unit,
            role=role,
            email=f"{unit.code}.{role.value}@bench.invalid",
        )
        for unit in units
        for role in ROLES
    ]
    User.objects.bulk_create(people, batch_size=1000)
    editors = dict(User.objects.filter(role=Role.EDITOR).values_list("satker_id", "pk"))
    data.users = len(people)
    log(f"  tree and {data.users} users")

    # Briefs: published one after another through the period, each due a week later.
    briefs = []
    step = timedelta(days=PERIOD_DAYS) / size["briefs"]
    for index in range(size["briefs"]):
        published = PERIOD_START + index * step
        briefs.append(
            Campaign(
                satker=root,
                created_by_id=editors[root.pk],
                title=f"Bench brief {index + 1}",
                summary="Ajakan menggunakan hak pilih.",
                key_messages=["Cek DPT", "Datang ke TPS"],
                hashtags=["#PemiluDamai"],
                platforms=PLATFORMS,
                starts_at=published,
                due_at=published + timedelta(days=7),
                status=CampaignStatus.PUBLISHED,
                published_at=published,
                published_by_id=editors[root.pk],
            )
        )
    Campaign.objects.bulk_create(briefs)
    data.briefs = len(briefs)

    # Posts per unit: Zipf by a random rank, at most one per (brief, platform).
    ranked = targets[:]
    rng.shuffle(ranked)
    cap = len(briefs) * len(PLATFORMS)
    per_unit = zipf_counts(size["posts"], len(ranked), cap)
    data.posts_per_unit = {unit.pk: count for unit, count in zip(ranked, per_unit, strict=True)}

    # Assignment ids are fixed: brief b, target unit t -> b * len(targets) + t + 1.
    target_index = {unit.pk: index for index, unit in enumerate(targets)}
    status_of: dict[int, str] = {}
    posts = []  # (id, assignment_id, satker_id, platform, status, published_at, brief)
    post_id = 0
    for unit, count in zip(ranked, per_unit, strict=True):
        for slot in sorted(rng.sample(range(cap), count)):
            brief_index, platform = divmod(slot, len(PLATFORMS))
            assignment_id = brief_index * len(targets) + target_index[unit.pk] + 1
            roll, status = rng.random(), PostStatus.PUBLISHED
            for state, share in OTHER_STATES:
                if roll < share:
                    status = state
                    break
                roll -= share
            post_id += 1
            brief = briefs[brief_index]
            published_at = None
            if status == PostStatus.PUBLISHED:
                published_at = brief.published_at + timedelta(hours=rng.uniform(2, 96))
            posts.append(
                (post_id, assignment_id, unit.pk, PLATFORMS[platform], status, published_at, brief)
            )
            status_of[assignment_id] = _assignment_status(status_of.get(assignment_id), status)
    data.posts = len(posts)

    assignment_rows = []
    for brief_index, brief in enumerate(briefs):
        for unit in targets:
            assignment_id = brief_index * len(targets) + target_index[unit.pk] + 1
            status = status_of.get(assignment_id)
            if status is None:
                status = AssignmentStatus.ACKNOWLEDGED if rng.random() < 0.4 else "pending"
            acknowledged = brief.published_at + timedelta(hours=1) if status != "pending" else None
            assignment_rows.append(
                (
                    assignment_id,
                    brief.pk,
                    unit.pk,
                    status,
                    _iso(acknowledged) if acknowledged else None,
                    editors[unit.pk] if acknowledged else None,
                    _iso(brief.published_at),
                )
            )
    data.assignments = _copy(
        Assignment._meta.db_table,
        [
            "id",
            "campaign_id",
            "satker_id",
            "status",
            "acknowledged_at",
            "acknowledged_by_id",
            "created_at",
        ],
        assignment_rows,
    )
    _move_sequence(Assignment)
    log(f"  {data.briefs} briefs, {data.assignments} assignments")

    platform_host = {
        "facebook": "https://www.facebook.com/kpu/posts/",
        "instagram": "https://www.instagram.com/p/",
        "x": "https://x.com/kpu/status/",
        "youtube": "https://www.youtube.com/watch?v=",
        "tiktok": "https://www.tiktok.com/@kpu/video/",
    }

    def post_rows():
        for pid, assignment_id, satker_id, platform, status, published_at, brief in posts:
            created = brief.published_at + timedelta(hours=1)
            updated = published_at or created + timedelta(hours=1)
            yield (
                pid,
                assignment_id,
                satker_id,
                platform,
                "id",
                "",
                f"Ayo cek DPT! #PemiluDamai ({pid})",
                status,
                1,
                editors[satker_id],
                "",
                f"{platform_host[platform]}b{pid}" if published_at else "",
                _iso(published_at) if published_at else None,
                _iso(created),
                _iso(updated),
            )

    _copy(
        Post._meta.db_table,
        [
            "id",
            "assignment_id",
            "satker_id",
            "platform",
            "language",
            "title",
            "caption",
            "status",
            "version",
            "author_id",
            "review_comment",
            "url",
            "published_at",
            "created_at",
            "updated_at",
        ],
        post_rows(),
    )
    _move_sequence(Post)
    log(f"  {data.posts} posts")

    published = [row for row in posts if row[5] is not None]
    data.published_posts = len(published)
    average = size["snapshots"] / max(1, len(published))

    def snapshot_rows():
        snapshot_id = 0
        owed = 0.0
        for pid, _, satker_id, _, _, published_at, _ in published:
            owed += average
            count = max(1, min(int(owed), rng.randint(1, max(1, int(2 * average) - 1))))
            owed -= count
            scale = int(50 * rng.paretovariate(1.3))
            gap = timedelta(hours=rng.uniform(4, 30))
            reporter = editors[satker_id]
            for index in range(count):
                snapshot_id += 1
                captured = published_at + (index + 1) * gap
                share = ((index + 1) / count) ** 0.6
                impressions = int(scale * 40 * share) + index
                moment = _iso(captured)
                yield (
                    snapshot_id,
                    pid,
                    moment,
                    impressions,
                    impressions * 7 // 10,
                    impressions // 20,
                    impressions // 200,
                    impressions // 100,
                    impressions // 2,
                    "api",
                    reporter,
                    "",
                    moment,
                    moment,
                )

    data.snapshots = _copy(
        Snapshot._meta.db_table,
        SNAPSHOT_COLUMNS,
        snapshot_rows(),
    )
    _move_sequence(Snapshot)
    log(f"  {data.snapshots} snapshots")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    data.seconds = time.perf_counter() - started
    return data


_RANK = {
    PostStatus.DRAFT: AssignmentStatus.ACKNOWLEDGED,
    PostStatus.CHANGES_REQUESTED: AssignmentStatus.SUBMITTED,
    PostStatus.SUBMITTED: AssignmentStatus.SUBMITTED,
    PostStatus.APPROVED: AssignmentStatus.APPROVED,
    PostStatus.PUBLISHED: AssignmentStatus.PUBLISHED,
}
_ORDER = [status.value for status in AssignmentStatus]


def _assignment_status(current: str | None, post_status: str) -> str:
    """The assignment follows its furthest post: published if any post is published."""
    candidate = _RANK[post_status].value
    if current is None or _ORDER.index(candidate) > _ORDER.index(current):
        return candidate
    return current


def load_data_set(mode: str) -> DataSet:
    """The figures of a data set generated by an earlier run (``--reuse``)."""
    data = DataSet(mode=mode)
    data.units = Satker.objects.count()
    data.users = User.objects.count()
    data.briefs = Campaign.objects.count()
    data.assignments = Assignment.objects.count()
    data.posts = Post.objects.count()
    data.published_posts = Post.objects.filter(status=PostStatus.PUBLISHED).count()
    data.snapshots = Snapshot.objects.count()
    rows = Post.objects.order_by().values("satker_id").annotate(n=Count("pk"))
    data.posts_per_unit = {row["satker_id"]: row["n"] for row in rows}
    return data
