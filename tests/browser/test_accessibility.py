"""axe-core's accessibility checks (WCAG 2.x A and AA, and its best practices) on the
pages each role works in, at a phone's width, in Indonesian, on the demo's data:
every page passes with no violation at all, and none is wider than the phone's screen
(WCAG's reflow: wide tables scroll inside their own region, the page does not)."""

from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from campaigns.services import campaign_close
from content import workflow
from content.models import Post
from satker.demo import DEMO_PASSWORD
from satker.models import User

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(db):
    """The demo's users, brief and sample posts (manage.py seed_demo)."""
    call_command("seed_demo", stdout=StringIO())
    return {post.status: post for post in Post.objects.all()}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def sign_in(page, username: str) -> None:
    page.goto(reverse("login"))
    page.locator("main").get_by_label("Nama pengguna").fill(username)
    page.locator("main").get_by_label("Sandi", exact=True).fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def violations(page, paths: list[str]) -> list[str]:
    """Each violation on each page as "path: rule (impact): first elements"."""
    axe = Axe()
    found = []
    for path in paths:
        page.goto(path)
        for rule in axe.run(page).response["violations"]:
            targets = [node["target"] for node in rule["nodes"][:3]]
            found.append(f"{path}: {rule['id']} ({rule['impact']}): {targets}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            found.append(f"{path}: {width} px wide, wider than the screen")
    return found


@pytest.mark.browser
def test_the_sign_in_and_password_reset_pages(phone):
    assert violations(phone, [reverse("login"), reverse("password-reset")]) == []


@pytest.mark.browser
def test_a_regency_editors_pages(phone, demo):
    post = demo["published"]
    sign_in(phone, "semarang.editor")
    paths = [
        reverse("home"),
        reverse("inbox"),
        reverse("brief-detail", args=[post.assignment.campaign_id]),
        reverse("post-list"),
        reverse("post-detail", args=[post.pk]),
        reverse("post-metrics", args=[post.pk]),
        reverse("metrics-upload"),
        reverse("notifications"),
        reverse("account"),
    ]
    assert violations(phone, paths) == []


@pytest.mark.browser
def test_a_province_approvers_pages(phone, demo):
    waiting = demo["submitted"]
    sign_in(phone, "jateng.approver")
    paths = [
        reverse("home"),
        reverse("review-queue"),
        reverse("post-review", args=[waiting.pk]),
        reverse("brief-progress", args=[waiting.assignment.campaign_id]),
        reverse("dashboard", args=[waiting.review_unit_id]),
        reverse("support-list"),
    ]
    assert violations(phone, paths) == []


@pytest.mark.browser
def test_a_sent_back_posts_edit_page(phone, demo):
    sign_in(phone, "bandaaceh.editor")
    paths = [reverse("post-edit", args=[demo["changes_requested"].pk])]
    assert violations(phone, paths) == []


@pytest.mark.browser
def test_a_long_review_comment_breaks_rather_than_widening_the_page(phone, demo):
    post = demo["submitted"]
    address = "https://www.kpu.go.id/berita/baca/" + "pemutakhiran-data-pemilih-" * 8
    workflow.post_request_changes(
        post=post, by=User.objects.get(username="jateng.approver"), comment=f"Lihat {address}"
    )
    sign_in(phone, post.author.username)
    paths = [reverse("notifications"), reverse("post-detail", args=[post.pk])]
    assert violations(phone, paths) == []


@pytest.mark.browser
def test_the_centres_admin_pages(phone, demo):
    sign_in(phone, "pusat.admin")
    paths = [
        reverse("dashboard-home"),
        reverse("brief-create"),
        reverse("user-list"),
        reverse("user-add"),
        reverse("audit-list"),
        reverse("unit-profile-own"),
        reverse("segment-list"),
        reverse("term-list"),
    ]
    assert violations(phone, paths) == []


@pytest.mark.browser
def test_a_closed_briefs_evaluation(phone, demo):
    brief = demo["published"].assignment.campaign
    campaign_close(campaign=brief, by=User.objects.get(username="pusat.approver"))
    sign_in(phone, "pusat.viewer")
    assert violations(phone, [reverse("brief-evaluation", args=[brief.pk])]) == []
