"""Unit profiles (capacity and connectivity): read by the unit's subtree and above,
written by admins of the unit or above, every bad field named, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from satker.capacity import Connectivity, Skill, SkillLevel
from satker.models import UnitAccount, UnitProfile, UnitSkill
from satker.services import unit_profile_save


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def form_data(**changes) -> dict:
    """A complete, valid edit form: good connectivity, two covered skills, Instagram."""
    data = {
        "connectivity": "good",
        "connectivity_note": "",
        "equipment": "Two smartphones and a laptop",
        "instagram": "",
    }
    for skill in Skill:
        data[f"{skill}_staff"] = "0"
        data[f"{skill}_level"] = ""
    data.update(
        {
            "copywriter_staff": "2",
            "copywriter_level": "2",
            "designer_staff": "1",
            "designer_level": "3",
            "account_instagram": "https://www.instagram.com/kpukotasemarang",
        }
    )
    data.update(changes)
    return data


def save(actor, unit, **changes):
    arguments = {
        "connectivity": "poor",
        "connectivity_note": "",
        "equipment": "",
        "skills": {},
        "accounts": {},
        **changes,
    }
    return unit_profile_save(actor=actor, unit=unit, **arguments)


def edit_url(unit) -> str:
    return reverse("unit-profile-edit", args=[unit.pk])


def test_a_regency_admin_fills_in_its_profile_and_reads_it_back(tree, make_user, client):
    semarang = tree("33.74")
    client.force_login(make_user("33.74", "admin"))
    response = client.post(edit_url(semarang), form_data())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The profile of KPU Kota Semarang was saved." in page
    assert "Good" in page and "Two smartphones and a laptop" in page
    assert "https://www.instagram.com/kpukotasemarang" in page
    assert "2 of 5" in page  # copywriter (intermediate) and designer (advanced) covered
    assert "Low capacity" in page  # fewer than three skills covered


def test_the_stored_profile_holds_only_the_skills_somebody_has(tree, make_user, client):
    semarang = tree("33.74")
    client.force_login(make_user("33.74", "admin"))
    client.post(edit_url(semarang), form_data())
    skills = set(UnitSkill.objects.values_list("skill", "staff", "level"))
    assert skills == {("copywriter", 2, 2), ("designer", 1, 3)}
    assert list(UnitAccount.objects.values_list("platform", flat=True)) == ["instagram"]


def test_the_edit_form_shows_what_is_stored(tree, make_user, client):
    admin = make_user("33.74", "admin")
    save(admin, tree("33.74"), skills={"videographer": (3, SkillLevel.ADVANCED)})
    client.force_login(admin)
    form = client.get(edit_url(tree("33.74"))).context["form"]
    assert form["videographer_staff"].value() == 3
    assert form["videographer_level"].value() == SkillLevel.ADVANCED
    assert form["connectivity"].value() == "poor"


def test_staff_without_a_level_and_a_foreign_account_are_both_named_and_nothing_stored(
    tree, make_user, client
):
    semarang = tree("33.74")
    client.force_login(make_user("33.74", "admin"))
    data = form_data(designer_level="", account_x="https://www.facebook.com/kpu")
    response = client.post(edit_url(semarang), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Designer: level: Choose the level of the staff who have this skill." in page
    assert "Give the address of the unit&#x27;s X account, on x.com." in page
    assert not UnitProfile.objects.exists()


def test_a_malformed_address_is_named_with_the_other_problems_in_one_round(tree, make_user, client):
    client.force_login(make_user("33.74", "admin"))
    data = form_data(
        designer_level="",
        account_x="https:// not an address",
        account_facebook="https://www.instagram.com/kpu",
    )
    page = client.post(edit_url(tree("33.74")), data).content.decode()
    assert "Designer: level: Choose the level of the staff who have this skill." in page
    assert "Give the address of the unit&#x27;s X account, on x.com." in page
    assert "Give the address of the unit&#x27;s Facebook account, on facebook.com." in page
    assert not UnitProfile.objects.exists()


def test_an_address_without_its_scheme_is_read_as_https(tree, make_user, client):
    client.force_login(make_user("33.74", "admin"))
    client.post(edit_url(tree("33.74")), form_data(account_x="x.com/kpusemarang"))
    account = UnitProfile.objects.get().accounts.get(platform="x")
    assert account.url == "https://x.com/kpusemarang"


def test_a_negative_staff_count_is_refused_by_the_form(tree, make_user, client):
    client.force_login(make_user("33.74", "admin"))
    response = client.post(edit_url(tree("33.74")), form_data(designer_staff="-1"))
    assert "Designer: staff" in response.content.decode()
    assert not UnitProfile.objects.exists()


def test_the_service_names_every_bad_value(tree, make_user):
    admin = make_user("33.74", "admin")
    with pytest.raises(ValidationError) as refused:
        save(
            admin,
            tree("33.74"),
            connectivity="excellent",
            skills={"designer": (-2, None), "videographer": (1, 7)},
            accounts={"tiktok": "not a url"},
        )
    assert set(refused.value.message_dict) == {
        "connectivity",
        "designer_staff",
        "videographer_level",
        "account_tiktok",
    }
    assert not UnitProfile.objects.exists()


def test_an_empty_form_for_a_unit_without_a_profile_stores_none(tree, make_user):
    save(make_user("33.74", "admin"), tree("33.74"), connectivity="")
    assert not UnitProfile.objects.exists()
    assert not AuditEntry.objects.filter(object_type="satker.unitprofile").exists()


def test_a_level_given_where_nobody_has_the_skill_is_dropped(tree, make_user):
    save(make_user("33.74", "admin"), tree("33.74"), skills={"designer": (0, SkillLevel.BASIC)})
    assert not UnitSkill.objects.exists()


def test_the_province_admin_writes_a_regency_profile(tree, make_user, client):
    client.force_login(make_user("33", "admin"))
    response = client.post(edit_url(tree("33.74")), form_data())
    assert response.status_code == 302
    assert UnitProfile.objects.get().connectivity == Connectivity.GOOD


@pytest.mark.parametrize("role", ["viewer", "editor", "approver"])
def test_only_admins_write_a_profile(tree, make_user, client, role):
    client.force_login(make_user("33.74", role))
    assert client.get(edit_url(tree("33.74"))).status_code == 403
    assert client.post(edit_url(tree("33.74")), form_data()).status_code == 403
    assert not UnitProfile.objects.exists()


def test_a_profile_outside_the_subtree_is_not_found(tree, make_user, client):
    client.force_login(make_user("33.74", "admin"))
    semarang_admin_reaches = [
        reverse("unit-profile", args=[tree("33.71").pk]),
        reverse("unit-profile", args=[tree("33").pk]),
        edit_url(tree("11.71")),
    ]
    assert [client.get(url).status_code for url in semarang_admin_reaches] == [404, 404, 404]


def test_the_service_refuses_a_unit_outside_the_actors_subtree(tree, make_user):
    with pytest.raises(PermissionDenied):
        save(make_user("33.74", "admin"), tree("33.71"))
    assert not UnitProfile.objects.exists()


def test_leadership_above_reads_a_regency_profile(tree, make_user, client):
    save(make_user("33.74", "admin"), tree("33.74"), connectivity_note="4G only in town")
    client.force_login(make_user("00", "viewer"))
    page = client.get(reverse("unit-profile", args=[tree("33.74").pk])).content.decode()
    assert "Poor" in page and "4G only in town" in page
    assert "Edit the profile" not in page


def test_a_unit_without_a_profile_says_so(tree, make_user, client):
    client.force_login(make_user("33.74", "admin"))
    response = client.get(reverse("unit-profile-own"), follow=True)
    page = response.content.decode()
    assert "This unit has not filled in its profile yet." in page
    assert "Fill in the profile" in page


def test_saving_writes_one_audit_row_naming_what_changed(tree, make_user):
    admin = make_user("33.74", "admin")
    save(admin, tree("33.74"), skills={"designer": (1, SkillLevel.BASIC)})
    save(admin, tree("33.74"), skills={"designer": (2, SkillLevel.BASIC)})
    entries = AuditEntry.objects.filter(object_type="satker.unitprofile").order_by("pk")
    assert [entry.action for entry in entries] == ["create", "edit"]
    assert entries[1].changes == {"designer_staff": [1, 2]}
    assert entries[1].actor == admin


def test_saving_the_same_profile_again_records_nothing(tree, make_user):
    admin = make_user("33.74", "admin")
    save(admin, tree("33.74"), accounts={"x": "https://x.com/kpusemarang"})
    stamped = UnitProfile.objects.get().updated_at
    save(admin, tree("33.74"), accounts={"x": "https://x.com/kpusemarang"})
    assert AuditEntry.objects.filter(object_type="satker.unitprofile").count() == 1
    assert UnitProfile.objects.get().updated_at == stamped


def test_the_audit_log_reads_a_profile_change_in_words(tree, make_user, client):
    admin = make_user("33.74", "admin")
    save(admin, tree("33.74"))
    save(admin, tree("33.74"), skills={"designer": (1, SkillLevel.ADVANCED)})
    client.force_login(admin)
    page = client.get(reverse("audit-list")).content.decode()
    assert "Designer: level" in page and "Advanced" in page


def test_the_navigation_leads_to_the_own_units_profile(make_user, client):
    client.force_login(make_user("33.74", "editor"))
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("unit-profile-own")}"' in home


def test_a_note_too_long_is_named_with_its_limit(tree, make_user):
    with pytest.raises(ValidationError) as refused:
        save(make_user("33.74", "admin"), tree("33.74"), connectivity_note="x" * 301)
    assert refused.value.message_dict == {"connectivity_note": ["Keep this to 300 characters."]}


def test_the_profile_names_whom_to_contact_at_the_unit(tree, make_user, client):
    make_user("33.74", "admin", first_name="Siti", last_name="Aminah", email="siti@kpu.example")
    make_user("33.74", "approver", first_name="Agus", last_name="")
    make_user("33.74", "editor", first_name="Eko", last_name="")
    make_user("33.74", "admin", first_name="Lama", last_name="", is_active=False)
    client.force_login(make_user("33", "viewer"))
    page = client.get(reverse("unit-profile", args=[tree("33.74").pk])).content.decode()
    assert "Siti Aminah (Admin)" in page and "mailto:siti@kpu.example" in page
    assert "Agus (Approver)" in page
    assert "Eko" not in page and "Lama" not in page


def test_the_profile_leads_to_the_units_dashboard_and_posts(tree, make_user, client):
    semarang = tree("33.74")
    client.force_login(make_user("33", "viewer"))
    page = client.get(reverse("unit-profile", args=[semarang.pk])).content.decode()
    assert f'href="{reverse("dashboard", args=[semarang.pk])}"' in page
    assert f'href="{reverse("post-list")}?unit={semarang.pk}"' in page
