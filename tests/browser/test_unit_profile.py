"""In a real browser: a regency admin fills in its profile (a missing level named,
then fixed), and the centre finds the regency among the units needing support."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Assignment
from tests.factories import CampaignFactory

from .test_brief_cascade import open_menu, sign_in, sign_out


@pytest.mark.browser
def test_a_regency_fills_in_its_profile_and_the_centre_sees_it_needs_support(
    page, live_server, make_user, tree
):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    make_user("00", "viewer", username="pusat.viewer")
    make_user("33.74", "admin", username="semarang.admin")
    overdue = CampaignFactory(
        satker=tree("00"),
        status="published",
        starts_at=timezone.now() - timedelta(days=9),
        due_at=timezone.now() - timedelta(days=2),
    )
    Assignment.objects.create(campaign=overdue, satker=tree("33.74"), status="acknowledged")

    sign_in(page, "semarang.admin")
    open_menu(page, "Unit profile")
    expect(page.get_by_text("This unit has not filled in its profile yet.")).to_be_visible()
    page.get_by_role("link", name="Fill in the profile").click()
    page.get_by_label("Poor").check()
    page.get_by_label("About the connection").fill("4G only in town")
    page.get_by_label("Designer: staff").fill("1")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Designer: level: Choose the level of the staff who have this skill."
    )
    page.get_by_label("Designer: level").select_option(label="Intermediate")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("The profile of KPU Kota Semarang was saved.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("1 of 5")
    sign_out(page)

    sign_in(page, "pusat.viewer")
    page.get_by_role("link", name="Units needing support").click()
    row = page.locator("table.support tbody tr", has_text="KPU Kota Semarang")
    expect(row).to_contain_text("Poor")
    expect(row).to_contain_text("0% (0/1)")
    row.get_by_role("link", name="KPU Kota Semarang").click()
    expect(page.get_by_text("4G only in town")).to_be_visible()
