"""Two approvers deciding the same post at the same moment, on PostgreSQL: exactly one
decision is recorded (one review, one audit row, one version up); the other gets 409.

Each approver acts in its own thread with its own database connection, released
together by a barrier, so both pass the permission checks and race for the post's
conditional UPDATE. SQLite serialises writers, so the race only means something on
PostgreSQL.
"""

import threading

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from audit.models import AuditEntry
from content.models import Post, Review

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL (DATABASE_URL): SQLite serialises writers, there is no race",
    ),
]

APPROVE = ("approve/", {})
REQUEST_CHANGES = ("request-changes/", {"comment": "Ganti foto."})


def race(post: Post, approvers, decisions) -> list[int]:
    """Each approver sends its decision at the same moment; the status codes, in order."""
    barrier = threading.Barrier(len(approvers))
    codes: list[int | None] = [None] * len(approvers)

    def decide(index: int) -> None:
        client = APIClient()
        client.force_authenticate(approvers[index])
        path, body = decisions[index]
        try:
            barrier.wait(timeout=10)
            codes[index] = client.post(f"/api/v1/posts/{post.pk}/{path}", body).status_code
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(len(approvers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return codes


@pytest.mark.parametrize(
    "decisions",
    [(APPROVE, APPROVE), (APPROVE, REQUEST_CHANGES), (REQUEST_CHANGES, REQUEST_CHANGES)],
    ids=["both-approve", "approve-vs-request-changes", "both-request-changes"],
)
def test_two_approvers_at_once_record_exactly_one_decision(post_at, make_user, decisions):
    post = post_at("submitted")
    approvers = [make_user("33", "approver"), make_user("33", "approver")]
    audit_before = AuditEntry.objects.count()

    codes = race(post, approvers, decisions)

    assert sorted(codes) == [200, 409]
    winner = codes.index(200)
    review = Review.objects.get(post=post)
    assert review.reviewer == approvers[winner]
    post.refresh_from_db()
    assert post.version == 3
    assert post.decided_by == approvers[winner]
    assert (
        post.status
        == {"approve/": "approved", "request-changes/": "changes_requested"}[decisions[winner][0]]
    )
    decisions_logged = AuditEntry.objects.filter(
        object_type="content.post",
        object_id=post.pk,
        action__in=["approve", "request_changes"],
    )
    assert decisions_logged.count() == 1
    assert decisions_logged.get().actor == approvers[winner]
    assert AuditEntry.objects.count() == audit_before + 1
