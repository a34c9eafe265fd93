"""The Django admin for superusers: the unit tree shown as a tree, users with unit and role."""

from contextlib import contextmanager

import pytest
from django.urls import reverse

import satker.admin
from satker.models import Satker, User
from satker.tree import tree_problems
from tests.factories import PASSWORD


@pytest.fixture
def admin(tree, client):
    """A client signed in as a superuser (created the createsuperuser way)."""
    user = User.objects.create_superuser("root", "root@kpu.example", PASSWORD)
    client.force_login(user)
    return client


def test_the_unit_changelist_loads(admin):
    response = admin.get(reverse("admin:satker_satker_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 553


def test_the_unit_changelist_is_in_tree_order(admin):
    response = admin.get(reverse("admin:satker_satker_changelist"))
    codes = [unit.code for unit in response.context["cl"].result_list[:4]]
    assert codes == ["00", "11", "11.01", "11.02"]


def test_the_unit_changelist_indents_names_by_level(admin):
    html = admin.get(reverse("admin:satker_satker_changelist")).content.decode()
    for level, name in [(0, "KPU Republik Indonesia"), (1, "KIP Aceh"), (2, "KIP Kota Banda Aceh")]:
        url = reverse("admin:satker_satker_change", args=[Satker.objects.get(name=name).pk])
        cell = f'<th class="field-name" style="padding-left:{8 + 24 * level}px"><a href="{url}">'
        assert f"{cell}{name}</a></th>" in html


def test_the_unit_changelist_filters_by_level(admin):
    response = admin.get(reverse("admin:satker_satker_changelist"), {"level": "1"})
    assert response.context["cl"].result_count == 38


def test_the_unit_changelist_searches_by_code(admin):
    response = admin.get(reverse("admin:satker_satker_changelist"), {"q": "33.74"})
    assert [unit.name for unit in response.context["cl"].result_list] == ["KPU Kota Semarang"]


def test_units_cannot_be_added_or_deleted_by_hand(admin, tree):
    assert admin.get(reverse("admin:satker_satker_add")).status_code == 403
    delete = reverse("admin:satker_satker_delete", args=[tree("33.74").pk])
    assert admin.get(delete).status_code == 403


def test_the_unit_change_form_loads(admin, tree):
    response = admin.get(reverse("admin:satker_satker_change", args=[tree("33.74").pk]))
    assert response.status_code == 200
    assert b"KPU Kota Semarang" in response.content


def test_saving_a_unit_goes_through_the_tree_lock(admin, tree, monkeypatch):
    entered = []
    real_lock = satker.admin.tree_lock

    @contextmanager
    def spying_lock():
        with real_lock():
            entered.append(True)
            yield

    monkeypatch.setattr(satker.admin, "tree_lock", spying_lock)
    unit = tree("33.74")
    response = admin.post(
        reverse("admin:satker_satker_change", args=[unit.pk]),
        {"name": "KPU Kota Semarang (uji)", "timezone": "Asia/Jakarta"},
    )
    assert response.status_code == 302
    assert entered == [True]
    saved = tree("33.74")
    assert (saved.name, saved.lft, saved.rght, saved.parent_id) == (
        "KPU Kota Semarang (uji)",
        unit.lft,
        unit.rght,
        unit.parent_id,
    )
    assert tree_problems() == []


def test_the_user_changelist_shows_unit_and_role(admin, make_user):
    make_user("33.74", "editor", username="budi")
    response = admin.get(reverse("admin:satker_user_changelist"), {"q": "budi"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "KPU Kota Semarang" in html and "33.74" in html
    assert [(u.satker.code, u.role) for u in response.context["cl"].result_list] == [
        ("33.74", "editor")
    ]


def test_the_user_changelist_filters_by_unit_level(admin, make_user):
    make_user("33.74", "editor")
    make_user("33", "editor")
    response = admin.get(reverse("admin:satker_user_changelist"), {"unit_level": "2"})
    assert {user.satker.code for user in response.context["cl"].result_list} == {"33.74"}


def test_the_user_change_form_shows_unit_and_role(admin, make_user):
    user = make_user("11.71", "approver")
    response = admin.get(reverse("admin:satker_user_change", args=[user.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert (form.initial["satker"], form.initial["role"]) == (user.satker_id, "approver")


def test_a_user_added_in_the_admin_gets_a_unit_and_role(admin, tree):
    response = admin.post(
        reverse("admin:satker_user_add"),
        {
            "username": "siti",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "satker": tree("33").pk,
            "role": "approver",
        },
    )
    assert response.status_code == 302
    siti = User.objects.get(username="siti")
    assert (siti.satker.code, siti.role, siti.check_password(PASSWORD)) == ("33", "approver", True)


def test_the_unit_autocomplete_finds_units_by_name(admin):
    response = admin.get(
        reverse("admin:autocomplete"),
        {"app_label": "satker", "model_name": "user", "field_name": "satker", "term": "Semarang"},
    )
    assert response.status_code == 200
    assert {item["text"] for item in response.json()["results"]} >= {"KPU Kota Semarang"}
