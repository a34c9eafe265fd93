"""In a real browser: leadership at the centre watches the sync dashboard, drills down
from the nation to Jawa Tengah and to Kota Semarang, and downloads the XLSX export."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from analytics.ingest import snapshots_ingest
from analytics.rollup import rollup_rebuild
from campaigns import services as brief_services
from campaigns.models import Campaign
from content import services as post_services
from content import workflow
from tests.factories import CampaignFactory

from .test_brief_cascade import sign_in

CAPTION = "Sudah cek nama Anda di DPT? Cek di cekdptonline.kpu.go.id #PemiluDamai #CekDPT"


def seed(tree, make_user) -> None:
    """A national brief; Semarang and Banyumas publish posts and report their figures."""
    brief = CampaignFactory(satker=tree("00"), title="Ayo cek DPT", platforms=["instagram", "x"])
    brief_services.campaign_publish(campaign=brief, by=make_user("00", "approver"))
    # Published six hours ago: the posts below went out three hours after it.
    Campaign.objects.filter(pk=brief.pk).update(published_at=timezone.now() - timedelta(hours=6))
    brief.refresh_from_db()
    approver = make_user("33", "approver")
    reports = [("33.74", "instagram", 900), ("33.74", "x", 400), ("33.02", "instagram", 250)]
    for code, platform, reach in reports:
        editor = make_user(code, "editor")
        post = post_services.post_create(
            assignment=brief.assignments.get(satker__code=code),
            by=editor,
            platform=platform,
            caption=CAPTION,
        )
        workflow.post_submit(post=post, by=editor)
        workflow.post_approve(post=post, by=approver)
        published_at = timezone.now() - timedelta(hours=3)
        workflow.post_publish(
            post=post,
            by=editor,
            url=f"https://www.{platform}.com/p/kpu-{code}",
            published_at=published_at,
        )
        item = {
            "post": post.pk,
            "captured_at": (published_at + timedelta(hours=2)).isoformat(),
            "impressions": reach * 2,
            "reach": reach,
            "likes": reach // 10,
            "comments": 3,
            "shares": 2,
            "views": reach,
        }
        snapshots_ingest(by=editor, items=[item], source="api")
    rollup_rebuild()


@pytest.mark.browser
def test_leadership_drills_down_from_the_nation_to_a_regency_and_downloads_the_xlsx(
    page, live_server, make_user, tree, tmp_path
):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    make_user("00", "viewer", username="pusat.pimpinan")
    seed(tree, make_user)

    sign_in(page, "pusat.pimpinan")
    menu = page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Sync dashboard"
    )
    if menu.count():
        menu.click()
    else:  # the menu item is added in kpu_portal/navigation.py
        page.goto("/dashboard/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Sync dashboard: KPU Republik Indonesia")
    expect(page.get_by_text("Figures as of")).to_contain_text("WIB")
    totals = page.locator(".dash-totals")
    expect(totals).to_contain_text("552")  # assignments
    jawa_tengah = page.locator('tr[data-unit="33"]')
    expect(jawa_tengah).to_contain_text("6%")  # 2 of 36 published
    expect(jawa_tengah).to_contain_text("1,550")  # reach: 900 + 400 + 250
    expect(page.locator(".chart")).to_have_count(2)

    leaders = page.get_by_role("list", name="Leaders")
    expect(leaders.get_by_role("listitem").first).to_contain_text("KPU Provinsi Jawa Tengah")
    page.locator('tr[data-unit="33"]').get_by_role("link", name="KPU Provinsi Jawa Tengah").click()
    expect(heading).to_have_text("Sync dashboard: KPU Provinsi Jawa Tengah")
    breadcrumb = page.get_by_role("navigation", name="Work units above this one")
    expect(breadcrumb.get_by_role("link", name="KPU Republik Indonesia")).to_be_visible()
    semarang_row = page.locator('tr[data-unit="33.74"]')
    expect(semarang_row).to_contain_text("100%")  # published
    expect(semarang_row).to_contain_text("1,300")  # reach: 900 + 400
    expect(semarang_row).to_contain_text("3.0")  # median hours to publish

    semarang_row.get_by_role("link", name="KPU Kota Semarang").click()
    expect(heading).to_have_text("Sync dashboard: KPU Kota Semarang")
    expect(breadcrumb.get_by_role("link")).to_have_count(2)
    expect(page.locator(".dash-table tbody tr[data-unit]")).to_have_count(0)  # no children
    platforms = page.locator('tr[data-platform="instagram"]')
    expect(platforms).to_contain_text("900")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download all tables (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("sync-dashboard-33.74-all-")
    assert download.suggested_filename.endswith(".xlsx")
    saved = Path(tmp_path) / download.suggested_filename
    download.save_as(saved)
    book = load_workbook(saved, read_only=True)
    assert book.sheetnames[0] == "Per unit"
    rows = list(book["Per unit"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Work unit", "Assignments")
    assert [row[:3] for row in rows[1:]] == [("33.74", "KPU Kota Semarang", 1)]
    reach = rows[0].index("Reach")
    assert rows[1][reach] == 1300
