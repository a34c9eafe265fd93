"""The units needing support: low completion together with low capacity or poor
connectivity, listed for the units below the viewer's, and downloadable as CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Assignment
from satker.capacity import SkillLevel
from satker.services import unit_profile_save
from tests.factories import CampaignFactory

ABLE_TEAM = {
    "copywriter": (1, SkillLevel.INTERMEDIATE),
    "designer": (1, SkillLevel.INTERMEDIATE),
    "social_admin": (1, SkillLevel.ADVANCED),
}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def profile(tree, make_user):
    """``profile("33.74", connectivity="poor")``: the unit's profile, saved by an admin
    at the centre; an able team (three skills covered) unless ``skills`` says otherwise."""
    admin = make_user("00", "admin")

    def fill(code: str, connectivity: str = "good", skills=None):
        unit_profile_save(
            actor=admin,
            unit=tree(code),
            connectivity=connectivity,
            connectivity_note="",
            equipment="",
            skills=ABLE_TEAM if skills is None else skills,
            accounts={},
        )

    return fill


@pytest.fixture
def due_briefs(tree):
    """``due_briefs("33.74", published=1, total=4)``: the unit's own assignments of
    briefs already due, ``published`` of them published."""
    root = tree("00")

    def assign(code: str, *, published: int, total: int, due_in=timedelta(days=-1)):
        for number in range(total):
            brief = CampaignFactory(
                satker=root,
                status="published",
                starts_at=timezone.now() - timedelta(days=10),
                due_at=timezone.now() + due_in,
            )
            status = "published" if number < published else "acknowledged"
            Assignment.objects.create(campaign=brief, satker=tree(code), status=status)

    return assign


@pytest.fixture
def jateng(profile, due_briefs):
    """Semarang (poor line, 0 of 2 published) and Magelang (low capacity, 1 of 4) need
    support; Surakarta (poor line, 2 of 2) and Pekalongan (no profile, 0 of 3) do not."""
    profile("33.74", connectivity="poor")
    due_briefs("33.74", published=0, total=2)
    profile("33.71", skills={"copywriter": (1, SkillLevel.BASIC)})
    due_briefs("33.71", published=1, total=4)
    profile("33.72", connectivity="poor")
    due_briefs("33.72", published=2, total=2)
    due_briefs("33.75", published=0, total=3)


def listed(response) -> list[str]:
    return [row.unit.code for row in response.context["page"].object_list]


def test_it_lists_the_units_needing_support_the_lowest_completion_first(jateng, make_user, client):
    client.force_login(make_user("00", "viewer"))
    response = client.get(reverse("support-list"))
    assert listed(response) == ["33.74", "33.71"]
    page = response.content.decode()
    assert "2 units need support" in page
    assert "low capacity" in page and "poor connectivity" in page


def test_a_brief_not_yet_due_does_not_lower_completion(profile, due_briefs, make_user, client):
    profile("33.74", connectivity="poor")
    due_briefs("33.74", published=0, total=3, due_in=timedelta(days=2))
    client.force_login(make_user("33", "viewer"))
    response = client.get(reverse("support-list"))
    assert listed(response) == []
    assert "No unit here needs support by this measure." in response.content.decode()


def test_all_units_come_fifty_to_a_page_those_needing_support_first(jateng, make_user, client):
    client.force_login(make_user("00", "viewer"))
    first = client.get(reverse("support-list"), {"show": "all"})
    assert listed(first)[:2] == ["33.74", "33.71"]
    assert len(listed(first)) == 50
    assert first.context["page"].paginator.count == 552
    last = client.get(reverse("support-list"), {"show": "all", "page": 12})
    assert len(listed(last)) == 2


def test_units_without_a_profile_can_be_listed(jateng, make_user, client):
    client.force_login(make_user("33", "viewer"))
    response = client.get(reverse("support-list"), {"show": "unassessed"})
    assert "33.75" in listed(response)
    assert not {"33.74", "33.71", "33.72"} & set(listed(response))


@pytest.mark.parametrize(
    ("show", "codes"),
    [("low_capacity", ["33.71"]), ("poor_connectivity", ["33.74", "33.72"])],
)
def test_low_capacity_or_poor_connectivity_lists_whatever_the_completion(
    jateng, make_user, client, show, codes
):
    client.force_login(make_user("33", "viewer"))
    response = client.get(reverse("support-list"), {"show": show})
    assert listed(response) == codes  # Surakarta published everything: still listed


def test_a_province_sees_only_its_own_regencies(jateng, profile, due_briefs, make_user, client):
    profile("11.71", connectivity="poor")
    due_briefs("11.71", published=0, total=1)
    client.force_login(make_user("33", "viewer"))
    response = client.get(reverse("support-list"), {"show": "all"})
    assert all(code.startswith("33.") for code in listed(response))
    assert response.context["page"].paginator.count == 35


def test_the_centre_narrows_the_list_to_one_province(
    jateng, profile, due_briefs, make_user, client
):
    profile("11.71", connectivity="poor")
    due_briefs("11.71", published=0, total=1)
    client.force_login(make_user("00", "viewer"))
    everywhere = client.get(reverse("support-list"))
    assert listed(everywhere) == ["11.71", "33.74", "33.71"]
    in_jateng = client.get(reverse("support-list"), {"within": tree_pk(everywhere, "33")})
    assert listed(in_jateng) == ["33.74", "33.71"]


def test_a_provinces_profile_leads_to_its_units_needing_support(jateng, tree, make_user, client):
    client.force_login(make_user("00", "viewer"))
    profile_page = client.get(reverse("unit-profile", args=[tree("33").pk])).content.decode()
    link = f"{reverse('support-list')}?within={tree('33').pk}"
    assert link in profile_page
    assert listed(client.get(link)) == ["33.74", "33.71"]


def tree_pk(response, code: str) -> int:
    field = response.context["filters"].fields["within"]
    return field.queryset.get(code=code).pk


def test_a_unit_outside_the_subtree_as_a_filter_is_named_and_ignored(
    jateng, tree, make_user, client
):
    client.force_login(make_user("33", "viewer"))
    response = client.get(reverse("support-list"), {"within": tree("11").pk})
    assert "A filter was not understood and is ignored" in response.content.decode()
    assert listed(response) == ["33.74", "33.71"]


def test_a_regency_has_nobody_to_list(make_user, client):
    client.force_login(make_user("33.74", "admin"))
    response = client.get(reverse("support-list"))
    assert "Your unit has no units below it" in response.content.decode()
    assert "Units needing support</a>" not in response.content.decode()  # not in the menu


def test_the_csv_download_holds_what_the_page_lists(jateng, profile, due_briefs, make_user, client):
    profile("11.71", connectivity="poor")
    due_briefs("11.71", published=0, total=1)
    client.force_login(make_user("33", "viewer"))
    response = client.get(reverse("support-export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Code", "Work unit", "Connectivity"]
    assert [row[0] for row in rows[1:]] == ["33.74", "33.71"]  # never Banda Aceh
    assert rows[1][2:] == ["Poor", "3", "2", "0", "0", "Yes"]


def test_the_query_count_does_not_grow_with_the_units_listed(jateng, make_user, client):
    def queries_for(code: str) -> int:
        client.force_login(make_user(code, "viewer"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("support-list"), {"show": "all"}).status_code == 200
        return len(captured)

    assert queries_for("00") == queries_for("33")  # 552 units against 35
