"""Roll-ups equal a recompute from source, however and however often they run."""

from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import rollup
from analytics.models import Rollup, RollupDirty
from campaigns.choices import AssignmentStatus
from content.choices import PostStatus
from content.models import Post
from content.progress import sync_assignment

from .test_rollup_support import (
    EPOCH,
    expected_rollups,
    small_world,
    snapshot,
    stored_rollups,
)

figures = st.tuples(*[st.integers(min_value=0, max_value=1000)] * 6)
# A snapshot of one of a few posts on one of two days, at one of three moments
# (09:00, 17:00, and 01:00 of the next day, Asia/Jakarta): corrections, late older
# snapshots and several snapshots of one day all come up often.
snapshots = st.tuples(
    st.just("snapshot"),
    st.integers(0, 3),
    st.integers(0, 1),
    st.sampled_from([1, 9, 17]),
    figures,
)
steps = st.lists(
    st.one_of(
        snapshots,
        snapshots,
        st.tuples(st.just("post"), st.integers(0, 13), st.sampled_from(list(PostStatus))),
        st.tuples(
            st.just("assignment"), st.integers(0, 6), st.sampled_from(list(AssignmentStatus))
        ),
        st.tuples(st.just("rollup"), st.integers(1, 3)),
    ),
    max_size=15,
)


def _apply(world, step) -> None:
    kind, *args = step
    if kind == "snapshot":
        index, day, hour, values = args
        post = world["posts"][index]
        moment = EPOCH + timedelta(days=day, hours=hour)
        snapshot(post, moment, world["reporter"], values)
        rollup.rollup_mark_posts({post.pk})
    elif kind == "post":
        index, status = args
        post = world["posts"][index]
        published_at = EPOCH - timedelta(hours=index) if status == PostStatus.PUBLISHED else None
        Post.objects.filter(pk=post.pk).update(status=status, published_at=published_at)
        sync_assignment(post.assignment_id)
        rollup.rollup_mark_posts({post.pk})
    elif kind == "assignment":
        index, status = args
        assignment = world["assignments"][index]
        type(assignment).objects.filter(pk=assignment.pk).update(status=status)
        rollup.rollup_mark({(assignment.satker_id, assignment.campaign_id)})
    else:
        rollup.rollup_dirty_run(limit=args[0])  # in small batches, mid-sequence


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_after_any_reports_the_rollups_equal_a_recompute_from_source(tree, steps):
    with transaction.atomic():
        world = small_world(tree)
        for step in steps:
            _apply(world, step)
        rollup.rollup_dirty_run()
        expected = expected_rollups()
        assert stored_rollups() == expected
        # a full rebuild finds the same numbers
        rollup.rollup_rebuild()
        assert stored_rollups() == expected
        transaction.set_rollback(True)


@pytest.fixture
def world(tree):
    return small_world(tree)


def _report(world, index, day, values, hour=9):
    post = world["posts"][index]
    snapshot(post, EPOCH + timedelta(days=day, hours=hour), world["reporter"], values)
    rollup.rollup_mark_posts({post.pk})


def _numbers():
    return stored_rollups()


def test_running_the_rollup_twice_changes_nothing(world):
    _report(world, 0, 0, (10, 9, 8, 7, 6, 5))
    rollup.rollup_dirty_run()
    once = _numbers()
    assert rollup.rollup_dirty_run() == 0  # nothing left to claim
    rollup.rollup_mark_posts({world["posts"][0].pk})
    assert rollup.rollup_dirty_run() == 1
    assert _numbers() == once
    rollup.rollup_rebuild()
    rollup.rollup_rebuild()
    assert _numbers() == once == expected_rollups()


def test_an_incremental_run_after_a_report_equals_a_full_rebuild(world):
    rollup.rollup_rebuild()
    _report(world, 3, 1, (100, 50, 10, 2, 1, 70))
    _report(world, 12, 2, (5, 5, 5, 5, 5, 5))
    rollup.rollup_dirty_run()
    incremental = _numbers()
    Rollup.objects.all().delete()
    rollup.rollup_rebuild()
    assert _numbers() == incremental == expected_rollups()


def test_a_report_reaches_the_national_bucket(world, tree):
    rollup.rollup_dirty_run()
    brief = world["briefs"]["A"]
    _report(world, 2, 0, (100, 50, 10, 2, 1, 70))  # a post of Kota Semarang
    rollup.rollup_dirty_run()
    national = Rollup.objects.get(satker=tree("00"), campaign=brief, scope="subtree")
    assert (national.impressions, national.views, national.total) == (100, 70, 5)
    province = Rollup.objects.get(satker=tree("33"), campaign=brief, scope="subtree")
    assert (province.impressions, province.total) == (100, 3)
    assert not Rollup.objects.filter(satker=tree("11"), campaign=brief, impressions__gt=0).exists()


def test_only_each_posts_latest_snapshot_counts(world, tree):
    brief = world["briefs"]["A"]
    _report(world, 2, 3, (500, 400, 300, 200, 100, 50))
    _report(world, 2, 1, (1, 1, 1, 1, 1, 1))  # an older one, sent later
    rollup.rollup_dirty_run()
    national = Rollup.objects.get(satker=tree("00"), campaign=brief, scope="subtree")
    assert (national.impressions, national.reach, national.views) == (500, 400, 50)
    # a correction of the latest one replaces it
    _report(world, 2, 3, (600, 400, 300, 200, 100, 50))
    rollup.rollup_dirty_run()
    national.refresh_from_db()
    assert national.impressions == 600
    assert _numbers() == expected_rollups()


def test_the_daily_series_counts_each_posts_latest_snapshot_up_to_that_day(world, tree):
    _report(world, 2, 0, (10, 0, 0, 0, 0, 0), hour=1)  # 09:00 WIB
    _report(world, 2, 0, (20, 0, 0, 0, 0, 0), hour=10)  # 18:00 WIB
    _report(world, 3, 1, (5, 0, 0, 0, 0, 0))
    _report(world, 2, 3, (50, 0, 0, 0, 0, 0))
    rollup.rollup_dirty_run()
    from analytics.dashboard import engagement_trend

    trend = engagement_trend(tree("33"), world["briefs"]["A"])
    assert [(day - EPOCH.date()).days for day, _ in trend] == [0, 1, 2, 3]
    assert [figures["impressions"] for _, figures in trend] == [20, 25, 25, 55]


def test_a_run_that_dies_mid_way_leaves_nothing_half_done(world, monkeypatch):
    rollup.rollup_dirty_run()
    before = _numbers()
    _report(world, 0, 0, (10, 9, 8, 7, 6, 5))

    def die():
        raise RuntimeError("worker lost")

    monkeypatch.setattr(rollup, "_test_pause", die)
    with pytest.raises(RuntimeError):
        rollup.rollup_dirty_run()
    assert _numbers() == before  # the own bucket written before dying was rolled back
    assert RollupDirty.objects.count() == 1  # and so was the claim
    monkeypatch.undo()
    rollup.rollup_dirty_run()
    assert _numbers() == expected_rollups()
