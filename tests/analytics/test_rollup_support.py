"""Shared helpers of the roll-up tests (no tests of its own).

``expected_rollups()`` recomputes every roll-up (rows, daily rows, all-briefs
totals) from the source rows the slow, obvious way (per unit, per campaign, in
Python), independent of analytics.rollup;
``stored_rollups()`` reads what the roll-up runs stored, in the same shape.
``small_world()`` makes two published briefs with assignments and published posts
in a handful of units, written straight to the database and marked for roll-up.
"""

import statistics
import zoneinfo
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from analytics.models import (
    FIGURES,
    Rollup,
    RollupDay,
    RollupPlatform,
    RollupPublished,
    RollupTotal,
    RollupTotalDay,
    Snapshot,
)
from analytics.rollup import rollup_mark
from campaigns.choices import AssignmentStatus, CampaignStatus
from campaigns.models import Assignment, Campaign
from content.choices import PostStatus
from content.models import Post
from satker.models import Satker
from tests.factories import CampaignFactory, PostFactory, UserFactory

DAY_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
STATES = list(AssignmentStatus)
COUNTS = ["total", "acknowledged", "submitted", "approved", "published"]
# Brief A reaches two provinces and three regencies; brief B two regencies.
WORLD = {"A": ["33", "33.74", "33.02", "11", "11.71"], "B": ["33.74", "11.71"]}
PLATFORMS = ["instagram", "x"]
# A fixed past moment, so the days of the series do not depend on when tests run.
EPOCH = datetime(2026, 3, 1, 8, 0, tzinfo=DAY_ZONE)


def _descendants(unit, units):
    return [u for u in units if u.tree_id == unit.tree_id and unit.lft <= u.lft <= unit.rght]


def expected_rollups() -> tuple[dict, ...]:
    """(rows, days, totals, total days, platforms, published per day) recomputed from
    source: rows keyed (satker_id, campaign_id, scope), days by the same and the day,
    totals (every campaign) by satker_id and total days by (satker_id, day), platforms
    by (satker_id, campaign_id, platform), published by (satker_id, campaign_id, day)."""
    units = list(Satker.objects.all())
    assignments = list(Assignment.objects.values_list("satker_id", "campaign_id", "status"))
    posts = list(
        Post.objects.values("pk", "satker_id", "assignment__campaign_id", "status", "published_at")
    )
    published_at = dict(Campaign.objects.values_list("pk", "published_at"))
    snapshots = defaultdict(list)  # post -> [(captured_at, figures)]
    for row in Snapshot.objects.values("post_id", "captured_at", *FIGURES):
        snapshots[row["post_id"]].append((row["captured_at"], [row[f] for f in FIGURES]))

    def latest(post_id, until_day=None):
        seen = [
            (moment, figures)
            for moment, figures in snapshots[post_id]
            if until_day is None or moment.astimezone(DAY_ZONE).date() <= until_day
        ]
        return max(seen, key=lambda pair: pair[0])[1] if seen else [0] * len(FIGURES)

    rows, days = {}, {}
    assigned = [u for u in units if u.pk in {a for a, _, _ in assignments}]
    # Only the units with an assignment at or below them have rows.
    units = [u for u in units if any(a in _descendants(u, assigned) for a in assigned)]
    for campaign_id in {c for _, c, _ in assignments}:
        for unit in units:
            for scope in ("own", "subtree"):
                members = {unit.pk} if scope == "own" else {u.pk for u in _descendants(unit, units)}
                states = [s for u, c, s in assignments if c == campaign_id and u in members]
                if not states:
                    continue
                mine = [
                    p
                    for p in posts
                    if p["assignment__campaign_id"] == campaign_id and p["satker_id"] in members
                ]
                row = {"total": len(states)}
                for name in COUNTS[1:]:
                    row[name] = sum(STATES.index(s) >= STATES.index(name) for s in states)
                for status in PostStatus:
                    row[f"posts_{status.value}"] = sum(p["status"] == status for p in mine)
                totals = [latest(p["pk"]) for p in mine]
                row.update({f: sum(t[i] for t in totals) for i, f in enumerate(FIGURES)})
                firsts = defaultdict(list)
                for p in mine:
                    if p["status"] == PostStatus.PUBLISHED and p["published_at"]:
                        firsts[p["satker_id"]].append(p["published_at"])
                row["publish_delays"] = sorted(
                    max(0, int((min(moments) - published_at[campaign_id]).total_seconds()))
                    for moments in firsts.values()
                )
                key = (unit.pk, campaign_id, scope)
                rows[key] = row
                changed = sorted(
                    {m.astimezone(DAY_ZONE).date() for p in mine for m, _ in snapshots[p["pk"]]}
                )
                for day in changed:
                    values = [latest(p["pk"], day) for p in mine]
                    days[(*key, day)] = [sum(v[i] for v in values) for i in range(len(FIGURES))]
    return (
        rows,
        days,
        _expected_totals(rows),
        _expected_total_days(days),
        *_expected_posts(units, posts, latest),
    )


def _expected_total_days(days: dict) -> dict:
    """Per (unit, day): every campaign's subtree figures as of that day, added up."""
    series = defaultdict(dict)  # unit -> campaign -> {day: figures}
    for (satker_id, campaign_id, scope, day), values in days.items():
        if scope == "subtree":
            series[satker_id].setdefault(campaign_id, {})[day] = values
    totals = {}
    for satker_id, campaigns in series.items():
        for day in sorted({day for by_day in campaigns.values() for day in by_day}):
            total = [0] * len(FIGURES)
            for by_day in campaigns.values():
                known = [d for d in by_day if d <= day]
                if known:
                    total = [a + b for a, b in zip(total, by_day[max(known)], strict=True)]
            totals[(satker_id, day)] = total
    return totals


def _expected_posts(units, posts, latest) -> tuple[dict, dict]:
    """Per subtree and campaign: posts by platform, and posts published per day."""
    platforms, published = {}, defaultdict(int)
    platform_of = dict(Post.objects.values_list("pk", "platform"))
    for unit in units:
        members = {u.pk for u in _descendants(unit, units)}
        for post in (p for p in posts if p["satker_id"] in members):
            key = (unit.pk, post["assignment__campaign_id"], platform_of[post["pk"]])
            row = platforms.setdefault(key, {"posts": 0, "posts_published": 0, "figures": None})
            row["posts"] += 1
            is_published = post["status"] == PostStatus.PUBLISHED
            row["posts_published"] += is_published
            figures = latest(post["pk"])
            row["figures"] = (
                figures
                if row["figures"] is None
                else [a + b for a, b in zip(row["figures"], figures, strict=True)]
            )
            if is_published and post["published_at"]:
                day = post["published_at"].astimezone(DAY_ZONE).date()
                published[(unit.pk, post["assignment__campaign_id"], day)] += 1
    return platforms, dict(published)


def _expected_totals(rows: dict) -> dict:
    """Each unit's subtree rows added up over every campaign, overdue as of now."""
    due_at = dict(Campaign.objects.values_list("pk", "due_at"))
    now = timezone.now()
    totals: dict[int, dict] = {}
    for (satker_id, campaign_id, scope), row in rows.items():
        if scope != "subtree":
            continue
        total = totals.setdefault(satker_id, {"overdue": 0, "delays": []})
        for name, value in row.items():
            if name != "publish_delays":
                total[name] = total.get(name, 0) + value
        if due_at[campaign_id] < now:
            total["overdue"] += row["total"] - row["published"]
        total["delays"] += row["publish_delays"]
    for total in totals.values():
        delays = total.pop("delays")
        total["median"] = float(statistics.median(delays)) if delays else None
    return totals


def stored_rollups() -> tuple[dict, ...]:
    counts = [*COUNTS, *(f"posts_{s.value}" for s in PostStatus), *FIGURES]
    fields = [*counts, "publish_delays"]
    rows = {
        (r["satker_id"], r["campaign_id"], r["scope"]): {f: r[f] for f in fields}
        for r in Rollup.objects.values("satker_id", "campaign_id", "scope", *fields)
    }
    days = {
        (satker_id, campaign_id, scope, day): list(values)
        for satker_id, campaign_id, scope, day, *values in RollupDay.objects.values_list(
            "satker_id", "campaign_id", "scope", "day", *FIGURES
        )
    }
    totals = {}
    for row in RollupTotal.objects.values("satker_id", *counts, "overdue", "median_publish_delay"):
        row["median"] = row.pop("median_publish_delay")
        totals[row.pop("satker_id")] = row
    total_days = {
        (satker_id, day): list(values)
        for satker_id, day, *values in RollupTotalDay.objects.values_list(
            "satker_id", "day", *FIGURES
        )
    }
    platforms = {
        (satker_id, campaign_id, platform): {
            "posts": posts,
            "posts_published": published,
            "figures": list(figures),
        }
        for satker_id, campaign_id, platform, posts, published, *figures in (
            RollupPlatform.objects.values_list(
                "satker_id", "campaign_id", "platform", "posts", "posts_published", *FIGURES
            )
        )
    }
    published = {
        (satker_id, campaign_id, day): posts
        for satker_id, campaign_id, day, posts in RollupPublished.objects.values_list(
            "satker_id", "campaign_id", "day", "posts"
        )
    }
    return rows, days, totals, total_days, platforms, published


def small_world(tree) -> dict:
    """Briefs "A" and "B", their assignments (pending) and two published posts each."""
    root = tree("00")
    author = UserFactory(satker=root, role="approver")
    world = {"briefs": {}, "assignments": [], "posts": [], "reporter": author}
    for index, (name, codes) in enumerate(WORLD.items()):
        brief = CampaignFactory(
            satker=root,
            created_by=author,
            status=CampaignStatus.PUBLISHED,
            published_at=EPOCH - timedelta(days=3 + index),
            starts_at=EPOCH - timedelta(days=3 + index),
            due_at=EPOCH + timedelta(days=30),
        )
        world["briefs"][name] = brief
        for code in codes:
            unit = tree(code)
            assignment = Assignment.objects.create(campaign=brief, satker=unit)
            world["assignments"].append(assignment)
            for hours, platform in enumerate(PLATFORMS):
                world["posts"].append(
                    PostFactory(
                        assignment=assignment,
                        platform=platform,
                        author=author,
                        status=PostStatus.PUBLISHED,
                        published_at=EPOCH - timedelta(days=2, hours=hours + len(world["posts"])),
                        url=f"https://www.{platform}.com/p/{code}",
                    )
                )
    # What publishing a brief does for the roll-ups: its assignments' buckets are due.
    rollup_mark((a.satker_id, a.campaign_id) for a in world["assignments"])
    return world


def snapshot(post, captured_at, reporter, figures) -> Snapshot:
    """A snapshot (or a correction of the one at the same moment), bypassing ingest."""
    values = dict(zip(FIGURES, figures, strict=True))
    row, _ = Snapshot.objects.update_or_create(
        post=post,
        captured_at=captured_at,
        defaults={**values, "source": Snapshot.Source.API, "reported_by": reporter},
    )
    return row
