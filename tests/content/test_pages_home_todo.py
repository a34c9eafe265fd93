"""The home page's "Waiting for you": what the signed-in person has to do next, each
item linked to where it is done, by role, and only for their own unit and queue."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analytics import rollup
from analytics.ingest import snapshots_ingest
from campaigns import services as brief_services
from campaigns.models import Campaign
from content import workflow
from satker import services as unit_services
from tests.campaigns.test_pages_support import published_at

from .test_pages_support import (  # noqa: F401 - fixtures
    assignment_of,
    browser_as_fixture,
    draft,
    main_text,
    submitted,
)


def waiting(client) -> dict[str, dict]:
    """The to-do list as shown: per task, its count and its items' (text, link)."""
    page = client.get(reverse("home")).content.decode()
    todo = re.search(
        r'<section class="todo".*?</section>\s*(?=<section class="summary")', page, re.S
    )
    assert todo, "the home page has no to-do list"
    tasks = {}
    for key, body in re.findall(
        r'<section class="todo-task todo-(\w+)".*?>(.*?)</section>', todo.group(0), re.S
    ):
        count = re.search(r'<span class="todo-count">(\d+)</span>', body)
        tasks[key] = {
            "title_link": re.search(r'<h3[^>]*><a href="([^"]+)"', body).group(1),
            "count": int(count.group(1)) if count else None,
            "items": re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', body),
            "text": re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip(),
        }
    return tasks


def overdue(brief: Campaign) -> None:
    now = timezone.now()
    Campaign.objects.filter(pk=brief.pk).update(
        starts_at=now - timedelta(days=2), due_at=now - timedelta(hours=1)
    )


def test_an_editor_is_asked_to_acknowledge_a_new_assignment(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    assignment = assignment_of(tree, make_user, title="Ayo Cek DPT")
    task = waiting(client)["acknowledge"]
    assert task["count"] == 1
    assert task["items"] == [
        (reverse("brief-detail", args=[assignment.campaign_id]), "Ayo Cek DPT")
    ]


def test_an_acknowledged_assignment_leaves_the_list_and_says_nothing_is_waiting(
    browser_as, tree, make_user
):
    client = browser_as("33.74", "editor")
    assignment = assignment_of(tree, make_user)
    brief_services.assignment_acknowledge(assignment=assignment, by=client.user)
    assert waiting(client) == {}
    assert "Nothing is waiting for you." in main_text(client.get(reverse("home")))


def test_an_overdue_assignment_is_listed_first_and_marked(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    late = assignment_of(tree, make_user, title="Sudah lewat")
    brief_services.assignment_acknowledge(assignment=late, by=client.user)
    overdue(late.campaign)
    assignment_of(tree, make_user, title="Masih ada waktu")
    tasks = waiting(client)
    assert list(tasks) == ["overdue", "acknowledge"]
    assert [label for _, label in tasks["overdue"]["items"]] == ["Sudah lewat"]
    assert "Overdue" in tasks["overdue"]["text"]


def test_a_post_sent_back_links_to_the_post(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    approver = make_user("33", "approver")
    post = submitted(assignment_of(tree, make_user, title="Ayo Cek DPT"), client.user)
    workflow.post_request_changes(post=post, by=approver, comment="Tautan?")
    task = waiting(client)["changes"]
    assert task["items"] == [(reverse("post-detail", args=[post.pk]), "Ayo Cek DPT · Instagram")]


def test_an_approved_post_asks_for_its_publication_then_for_its_figures(
    browser_as, tree, make_user
):
    client = browser_as("33.74", "editor")
    approver = make_user("33", "approver")
    post = submitted(assignment_of(tree, make_user), client.user)
    post = workflow.post_approve(post=post, by=approver)
    assert waiting(client)["publish"]["items"][0][0] == reverse("post-detail", args=[post.pk])

    post = workflow.post_publish(post=post, by=client.user, url="https://instagram.com/p/kpu1")
    tasks = waiting(client)
    assert "publish" not in tasks
    assert tasks["figures"]["items"][0][0] == reverse("post-metrics", args=[post.pk])
    assert tasks["figures"]["title_link"] == reverse("metrics-upload")

    item = {"post": post.pk, "captured_at": timezone.now().isoformat(), "impressions": 10}
    item |= dict.fromkeys(["reach", "likes", "comments", "shares", "views"], 1)
    snapshots_ingest(by=client.user, items=[item], source="api")
    assert "figures" not in waiting(client)


def test_an_approver_sees_the_posts_waiting_for_review_and_an_editor_does_not(
    browser_as, tree, make_user
):
    approver = browser_as("33", "approver")
    semarang_editor = make_user("33.74", "editor")
    post = submitted(assignment_of(tree, make_user, title="Ayo Cek DPT"), semarang_editor)
    task = waiting(approver)["review"]
    assert task["items"] == [
        (reverse("post-review", args=[post.pk]), "Ayo Cek DPT · Instagram · KPU Kota Semarang")
    ]
    assert task["title_link"] == reverse("review-queue")
    assert "review" not in waiting(browser_as("33", "editor"))


def test_a_long_list_shows_five_and_says_how_many_more(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    for number in range(7):
        assignment_of(tree, make_user, title=f"Program {number}")
    task = waiting(client)["acknowledge"]
    assert task["count"] == 7
    assert len(task["items"]) == 5
    assert "and 2 more" in task["text"]


def test_a_viewer_is_given_nothing_to_do_for_its_unit(browser_as, tree, make_user):
    client = browser_as("33.74", "viewer")
    assignment_of(tree, make_user)
    assert waiting(client) == {}


def test_a_sibling_units_work_is_not_listed(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")
    approver = make_user("33", "approver")
    banyumas = assignment_of(tree, make_user, code="33.02")
    post = submitted(banyumas, make_user("33.02", "editor"))
    workflow.post_request_changes(post=post, by=approver, comment="Ubah.")
    assert waiting(client) == {}


def test_a_province_sees_the_overdue_count_of_its_subtree_linked_to_its_dashboard(
    browser_as, tree, make_user
):
    client = browser_as("33", "viewer")
    brief = published_at(tree, make_user, "00", units=["33.74", "33.02", "11.71"])
    overdue(brief)
    rollup.rollup_rebuild()
    task = waiting(client)["overdue_below"]
    assert task["count"] == 2  # Semarang and Banyumas; Banda Aceh is not below Jawa Tengah
    assert task["title_link"] == reverse("dashboard", args=[tree("33").pk])


def test_an_admin_is_asked_for_the_unit_profile_until_it_is_saved(browser_as, tree):
    client = browser_as("33.74", "admin")
    assert waiting(client)["profile"]["title_link"] == reverse(
        "unit-profile-edit", args=[tree("33.74").pk]
    )
    unit_services.unit_profile_save(
        actor=client.user,
        unit=tree("33.74"),
        connectivity="limited",
        connectivity_note="",
        equipment="",
        skills={},
        accounts={},
    )
    assert "profile" not in waiting(client)


def test_the_list_costs_the_same_queries_for_one_item_or_seven(browser_as, tree, make_user):
    client = browser_as("33.74", "editor")

    def home_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("home"))
        return len(captured)

    assignment = assignment_of(tree, make_user)
    draft(assignment, client.user)
    one = home_queries()
    for number in range(6):
        assignment_of(tree, make_user, title=f"Program {number}")
    assert home_queries() <= one + 1  # the count, once there are more than it shows


def test_an_admin_above_other_units_is_told_how_many_lack_a_profile(browser_as, tree, make_user):
    client = browser_as("65", "admin")  # Kalimantan Utara and its five regencies
    unit_services.unit_profile_save(
        actor=make_user("65.71", "admin"),
        unit=tree("65.71"),
        connectivity="good",
        connectivity_note="",
        equipment="",
        skills={},
        accounts={},
    )
    task = waiting(client)["profiles_below"]
    assert task["count"] == 4  # five regencies, one of them (Tarakan) filled in
    assert task["title_link"] == f"{reverse('support-list')}?show=unassessed"


def test_a_regency_admin_has_no_units_below_to_chase(browser_as):
    assert "profiles_below" not in waiting(browser_as("33.74", "admin"))
