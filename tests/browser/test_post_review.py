"""In a real browser: a regency writes a post, its province reviews it twice, the
regency records the publication, and the centre's progress page shows it published."""

import re

import pytest
from playwright.sync_api import expect

from campaigns import services as brief_services
from tests.factories import CampaignFactory

from .test_brief_cascade import open_menu, sign_in, sign_out

CAPTION = "Sudah cek nama Anda di DPT? Cek di cekdptonline.kpu.go.id #PemiluDamai #CekDPT"


def published_brief(tree, approver):
    brief = CampaignFactory(
        satker=tree("00"), title="Ayo cek DPT sebelum hari pencoblosan", scope_mode="units"
    )
    brief.scope_units.set([tree("33.74")])
    brief_services.campaign_publish(campaign=brief, by=approver)
    return brief


@pytest.mark.browser
def test_a_post_goes_through_review_to_publication_and_shows_on_the_progress_page(
    page, live_server, make_user, tree
):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    centre = make_user("00", "approver", username="pusat.approver")
    make_user("33", "approver", username="jateng.approver")
    make_user("33.74", "editor", username="semarang.editor")
    brief = published_brief(tree, centre)

    # The regency's editor writes an Instagram post; the preview counts as it is typed.
    sign_in(page, "semarang.editor")
    open_menu(page, "Assignments")
    page.get_by_role("link", name=brief.title).click()
    page.get_by_role("link", name="Write posts").click()
    page.get_by_label("Platform").select_option("instagram")
    page.get_by_label("Caption").fill("Cek DPT #PemiluDamai")
    preview = page.locator("#post-preview")
    expect(preview).to_contain_text("Caption: 20/2200 characters")
    expect(preview).to_contain_text("Required hashtags missing: #CekDPT")
    page.get_by_label("Caption").fill(CAPTION)
    expect(preview).to_contain_text("Every required hashtag is there.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The draft is saved.")).to_be_visible()
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Submitted for review by KPU Provinsi Jawa Tengah.")).to_be_visible()
    sign_out(page)

    # The province's approver asks for a change.
    sign_in(page, "jateng.approver")
    open_menu(page, re.compile(r"^Review queue"))
    item = page.locator(".inbox-item", has_text=brief.title)
    expect(item).to_contain_text("KPU Kota Semarang")
    item.get_by_role("link", name=brief.title).click()
    expect(page.get_by_text("This is the first submission")).to_be_visible()
    page.get_by_label("What needs to change").fill("Tambahkan tanggal pencoblosan.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Sent back to the unit with your comment.")).to_be_visible()
    sign_out(page)

    # The editor reads the comment on the brief's page, fixes the post and resubmits.
    sign_in(page, "semarang.editor")
    open_menu(page, "Assignments")
    page.get_by_role("link", name=brief.title).click()
    posts = page.locator(".assignment-posts")
    expect(posts).to_contain_text("Changes requested")
    expect(posts).to_contain_text("Tambahkan tanggal pencoblosan.")
    posts.get_by_role("link", name="Instagram").click()
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Caption").fill(CAPTION + " Coblos 14 Februari!")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Submitted for review by KPU Provinsi Jawa Tengah.")).to_be_visible()
    post_url = page.url
    sign_out(page)

    # The approver sees what changed and approves.
    sign_in(page, "jateng.approver")
    open_menu(page, re.compile(r"^Review queue"))
    page.get_by_role("link", name=brief.title).click()
    expect(page.locator(".diff ins")).to_have_text("Coblos 14 Februari!")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved. The unit may publish it.")).to_be_visible()
    expect(page.get_by_text("Nothing to review.")).to_be_visible()
    sign_out(page)

    # The editor records where it went out.
    sign_in(page, "semarang.editor")
    page.goto(post_url)
    page.get_by_label("Address of the published post").fill("https://instagram.com/p/kpusmg1")
    page.get_by_role("button", name="Record publication").click()
    expect(page.get_by_text("The publication is recorded.")).to_be_visible()
    expect(page.locator(".page-head .badge")).to_have_text("Published")
    sign_out(page)

    # The centre's progress page shows the regency's assignment published.
    sign_in(page, "pusat.approver")
    page.goto(f"/briefs/{brief.pk}/progress/")
    expect(page.locator(".progress-row").first).to_contain_text("1 published")
    expect(page.locator('.progress-row[data-unit="33"]')).to_contain_text("1 published")
