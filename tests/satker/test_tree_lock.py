"""tree_lock on PostgreSQL: a transaction-scoped advisory lock that makes tree writers queue.

These tests commit (transaction=True) and talk to the database from a second
connection, which only PostgreSQL's advisory locks make meaningful.
"""

import threading
import time

import psycopg2
import pytest
from django.db import connection, transaction

from satker.models import Satker
from satker.tree import TREE_LOCK_KEY, seed_tree, tree_lock, tree_problems

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's"),
]


def other_session_gets_the_lock() -> bool:
    """Ask for the tree lock from a separate session, without waiting."""
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
    )
    try:
        with other, other.cursor() as cursor:  # one transaction: its xact lock ends with it
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [TREE_LOCK_KEY])
            return cursor.fetchone()[0]
    finally:
        other.close()


def lock_waiters() -> int:
    """Sessions of this database queued for the tree lock (pg_locks spans the cluster)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
            "WHERE d.datname = current_database() AND l.locktype = 'advisory' "
            "AND l.objid = %s AND NOT l.granted",
            [TREE_LOCK_KEY & 0xFFFFFFFF],
        )
        return cursor.fetchone()[0]


def test_tree_lock_holds_the_advisory_lock(tree):
    with tree_lock():
        assert other_session_gets_the_lock() is False


def test_the_lock_is_free_outside_tree_lock(tree):
    assert other_session_gets_the_lock() is True


def test_the_lock_lasts_until_the_outer_transaction_ends(tree):
    with transaction.atomic():
        with tree_lock():
            pass
        assert other_session_gets_the_lock() is False
    assert other_session_gets_the_lock() is True


def test_a_second_seeder_waits_and_then_finds_the_tree_built(tree):
    Satker.objects.all()._raw_delete(Satker.objects.db)  # committed: an empty table
    results = []

    def second_seeder():
        try:
            results.append(seed_tree())
        finally:
            connection.close()  # this thread's own connection

    with tree_lock():
        thread = threading.Thread(target=second_seeder)
        thread.start()
        wait_for(lambda: lock_waiters() == 1)
        assert thread.is_alive()
        first = seed_tree()
    thread.join(timeout=30)

    assert len(first.created) == 553
    assert (results[0].created, results[0].unchanged) == ([], 553)
    assert Satker.objects.count() == 553
    assert tree_problems() == []


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
