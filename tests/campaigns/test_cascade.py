import pytest

from campaigns import services
from campaigns.choices import CampaignStatus, ScopeMode
from campaigns.models import Assignment
from tests.factories import CampaignFactory


@pytest.fixture
def national_approver(make_user):
    return make_user("00", "approver")


def test_a_national_brief_creates_552_assignments(tree, national_approver):
    brief = CampaignFactory(satker=tree("00"))
    created = services.campaign_publish(campaign=brief, by=national_approver)
    brief.refresh_from_db()
    assert created == 552
    assert brief.status == CampaignStatus.PUBLISHED
    assert Assignment.objects.filter(campaign=brief).count() == 552
    assert not Assignment.objects.filter(campaign=brief, satker=tree("00")).exists()


def test_publishing_again_creates_nothing(tree, national_approver):
    brief = CampaignFactory(satker=tree("00"))
    services.campaign_publish(campaign=brief, by=national_approver)
    assert services.campaign_publish(campaign=brief, by=national_approver) == 0
    assert Assignment.objects.filter(campaign=brief).count() == 552


def test_a_jawa_tengah_brief_creates_35_assignments(tree, make_user):
    brief = CampaignFactory(satker=tree("33"))
    assert services.campaign_publish(campaign=brief, by=make_user("33", "approver")) == 35


def test_a_brief_for_the_provinces_level_reaches_38_units(tree, national_approver):
    brief = CampaignFactory(
        satker=tree("00"), scope_mode=ScopeMode.LEVELS, scope_levels=["province"]
    )
    assert services.campaign_publish(campaign=brief, by=national_approver) == 38


def _small_tree():
    """A second, five-unit tree beside the real one: a root and four children."""
    from satker.models import Satker

    root = Satker.objects.create(code="99", name="KPU Uji Coba")
    for number in range(1, 5):
        Satker.objects.create(code=f"99.0{number}", name=f"KPU Uji {number}", parent=root)
    root.refresh_from_db()
    return root


def _publish_queries(brief, by) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.campaign_publish(campaign=brief, by=by)
    return len(queries)


def test_the_cascade_costs_the_same_queries_for_5_units_as_for_553(tree, make_user):
    small_root = _small_tree()
    small = CampaignFactory(satker=small_root)
    national = CampaignFactory(satker=tree("00"))
    small_approver = make_user("99", "approver")
    national_approver = make_user("00", "approver")

    small_queries = _publish_queries(small, small_approver)
    national_queries = _publish_queries(national, national_approver)

    assert Assignment.objects.filter(campaign=small).count() == 4
    assert Assignment.objects.filter(campaign=national).count() == 552
    # savepoint, lock the brief, load its unit, mark it published, insert the
    # assignments, mark their roll-ups dirty, write the audit row, release
    assert small_queries == national_queries == 8


def test_a_regency_added_later_receives_the_open_briefs_that_target_it(tree, make_user):
    from satker.tree import seed_tree
    from satker.wilayah import UnitRow, read_rows

    national = CampaignFactory(satker=tree("00"))
    services.campaign_publish(campaign=national, by=make_user("00", "approver"))
    jateng = CampaignFactory(satker=tree("33"))
    services.campaign_publish(campaign=jateng, by=make_user("33", "approver"))
    aceh = CampaignFactory(satker=tree("11"))
    services.campaign_publish(campaign=aceh, by=make_user("11", "approver"))
    closed = CampaignFactory(satker=tree("00"))
    services.campaign_publish(campaign=closed, by=make_user("00", "approver"))
    services.campaign_close(campaign=closed, by=make_user("00", "approver"))

    new_regency = UnitRow("33.77", "33", "KPU Kabupaten Baru", "Asia/Jakarta")
    seed_tree([*read_rows(), new_regency])

    received = set(
        Assignment.objects.filter(satker__code="33.77").values_list("campaign", flat=True)
    )
    assert received == {national.pk, jateng.pk}


def test_seed_demo_publishes_one_sample_brief_however_often_it_runs(tree):
    from django.core.management import call_command

    from campaigns.models import Campaign

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    brief = Campaign.objects.get(title__startswith="Ayo Cek")
    assert brief.status == CampaignStatus.PUBLISHED
    assert brief.assignments.count() == 552
