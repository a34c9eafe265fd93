"""The notifications page: one's own notices, the unread count in the menu, mark as read."""

import re
import zoneinfo
from datetime import datetime

from django.urls import reverse

from campaigns.models import Notification

from .test_pages_support import (  # noqa: F401 - fixtures
    browser_as_fixture,
    main_text,
    published_at,
)

NOTICES = reverse("notifications")
UTC = zoneinfo.ZoneInfo("UTC")


def publish_with_notices(tree, make_user, django_capture_on_commit_callbacks, **fields):
    """A published brief whose "new assignment" notices have gone out."""
    with django_capture_on_commit_callbacks(execute=True):
        return published_at(tree, make_user, "00", **fields)


def unread_in_menu(response) -> str | None:
    """The number beside "Notifications" in the main menu, if any."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', response.content.decode(), re.S).group(0)
    item = re.search(rf'<a href="{NOTICES}"[^>]*>(.*?)</a>', nav, re.S).group(1)
    count = re.search(r'<span class="nav-count">(\d+)', item)
    return count.group(1) if count else None


def test_a_person_sees_their_own_notices(
    browser_as, tree, make_user, django_capture_on_commit_callbacks
):
    semarang = browser_as("33.74", "editor")
    publish_with_notices(
        tree, make_user, django_capture_on_commit_callbacks, units=["33.74"], title="Cek DPT"
    )
    text = main_text(semarang.get(NOTICES))
    assert "New assignment: Cek DPT" in text
    assert "KPU Republik Indonesia has assigned the brief “Cek DPT” to KPU Kota Semarang." in text


def test_a_person_does_not_see_other_peoples_notices(
    browser_as, tree, make_user, django_capture_on_commit_callbacks
):
    banyumas = browser_as("33.02", "editor")
    semarang_colleague = browser_as("33.74", "editor")
    publish_with_notices(
        tree, make_user, django_capture_on_commit_callbacks, units=["33.74"], title="Cek DPT"
    )
    assert Notification.objects.filter(recipient=semarang_colleague.user).count() == 1
    text = main_text(banyumas.get(NOTICES))
    assert "Cek DPT" not in text
    assert "No notifications yet." in text


def test_the_menu_shows_the_unread_count(
    browser_as, tree, make_user, django_capture_on_commit_callbacks
):
    semarang = browser_as("33.74", "editor")
    for title in ["Cek DPT", "Tolak hoaks"]:
        publish_with_notices(
            tree, make_user, django_capture_on_commit_callbacks, units=["33.74"], title=title
        )
    assert unread_in_menu(semarang.get(reverse("inbox"))) == "2"


def test_no_count_without_unread_notices(browser_as, tree):
    assert unread_in_menu(browser_as("33.74", "editor").get(reverse("inbox"))) is None


def test_mark_all_as_read_clears_the_count(
    browser_as, tree, make_user, django_capture_on_commit_callbacks
):
    semarang = browser_as("33.74", "editor")
    publish_with_notices(tree, make_user, django_capture_on_commit_callbacks, units=["33.74"])
    response = semarang.post(reverse("notifications-read"), follow=True)
    assert response.redirect_chain == [(NOTICES, 302)]
    assert unread_in_menu(response) is None
    assert not Notification.objects.filter(recipient=semarang.user, read_at__isnull=True).exists()


def test_mark_all_as_read_leaves_other_peoples_notices_unread(
    browser_as, tree, make_user, django_capture_on_commit_callbacks
):
    first = browser_as("33.74", "editor")
    second = browser_as("33.74", "viewer")
    publish_with_notices(tree, make_user, django_capture_on_commit_callbacks, units=["33.74"])
    first.post(reverse("notifications-read"))
    assert unread_in_menu(second.get(NOTICES)) == "1"


def test_a_notice_links_to_its_brief(
    browser_as, tree, make_user, django_capture_on_commit_callbacks
):
    semarang = browser_as("33.74", "editor")
    brief = publish_with_notices(
        tree, make_user, django_capture_on_commit_callbacks, units=["33.74"]
    )
    notice = Notification.objects.get(recipient=semarang.user)
    page = semarang.get(NOTICES).content.decode()
    assert f'href="{reverse("notification-open", args=[notice.pk])}"' in page
    followed = semarang.get(reverse("notification-open", args=[notice.pk]))
    assert followed["Location"] == reverse("brief-detail", args=[brief.pk])


def test_following_a_notice_marks_it_read(
    browser_as, tree, make_user, django_capture_on_commit_callbacks
):
    semarang = browser_as("33.74", "editor")
    publish_with_notices(tree, make_user, django_capture_on_commit_callbacks, units=["33.74"])
    notice = Notification.objects.get(recipient=semarang.user)
    assert unread_in_menu(semarang.get(NOTICES)) == "1"
    semarang.get(reverse("notification-open", args=[notice.pk]))
    assert unread_in_menu(semarang.get(NOTICES)) is None


def test_another_persons_notice_is_not_found(
    browser_as, tree, make_user, django_capture_on_commit_callbacks
):
    semarang = browser_as("33.74", "editor")
    colleague = make_user("33.74", "editor")
    publish_with_notices(tree, make_user, django_capture_on_commit_callbacks, units=["33.74"])
    theirs = Notification.objects.get(recipient=colleague)
    assert semarang.get(reverse("notification-open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_notices_read_in_indonesian_by_default(
    client, tree, make_user, django_capture_on_commit_callbacks
):
    person = make_user("33.74", "editor")
    client.force_login(person)
    publish_with_notices(
        tree, make_user, django_capture_on_commit_callbacks, units=["33.74"], title="Cek DPT"
    )
    assert "Penugasan baru: Cek DPT" in main_text(client.get(NOTICES))


def test_a_notices_time_is_in_the_readers_zone(browser_as, tree, make_user):
    reader = browser_as("73.71", "editor")  # Makassar, WITA
    brief = published_at(tree, make_user, "00", units=["73.71"])
    Notification.objects.create(
        recipient=reader.user,
        kind="assigned",
        campaign=brief,
        key="test:1",
        created_at=datetime(2031, 11, 20, 3, 0, tzinfo=UTC),
    )
    assert "20 Nov 2031, 11:00 WITA" in main_text(reader.get(NOTICES))
