"""Who may open user management: admins, for the people of their own subtree."""

import pytest
from django.urls import reverse


@pytest.fixture
def people(make_user):
    """alice administers Jawa Tengah; bob edits at Semarang; charlie is in Aceh."""
    return {
        "alice": make_user("33", "admin", username="alice"),
        "bob": make_user("33.74", "editor", username="bob"),
        "charlie": make_user("11", "admin", username="charlie"),
    }


@pytest.mark.parametrize("url_name", ["user-list", "user-add"])
def test_it_refuses_non_admins_with_403(client, people, url_name):
    client.force_login(people["bob"])
    assert client.get(reverse(url_name)).status_code == 403


def test_the_403_page_says_which_role_is_needed(client, people):
    client.force_login(people["bob"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("user-list")).content.decode()
    assert "This needs the Admin role or higher." in page


def test_a_non_admin_editing_someone_in_its_subtree_gets_403(client, people, make_user):
    approver = make_user("33", "approver")
    client.force_login(approver)
    assert client.get(reverse("user-edit", args=[people["bob"].pk])).status_code == 403


def test_someone_outside_the_subtree_is_not_found(client, people):
    client.force_login(people["alice"])
    client.cookies["django_language"] = "en"
    response = client.get(reverse("user-edit", args=[people["charlie"].pk]))
    assert response.status_code == 404
    assert "outside your work unit" in response.content.decode()
    assert "charlie" not in response.content.decode()


def test_a_regency_admin_cannot_reach_its_province(client, people, make_user):
    client.force_login(make_user("33.74", "admin"))
    assert client.get(reverse("user-edit", args=[people["alice"].pk])).status_code == 404


def test_posting_an_edit_outside_the_subtree_changes_nothing(client, people):
    client.force_login(people["alice"])
    charlie = people["charlie"]
    response = client.post(
        reverse("user-edit", args=[charlie.pk]),
        {"full_name": "Hijacked", "unit": charlie.satker_id, "role": "viewer"},
    )
    assert response.status_code == 404
    charlie.refresh_from_db()
    assert (charlie.role, charlie.is_active, charlie.first_name) == ("admin", True, "")


def test_anonymous_is_sent_to_sign_in(client, tree):
    response = client.get(reverse("user-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


NEW_PASSWORD = {"new_password1": "Zq8!takeover-pw", "new_password2": "Zq8!takeover-pw"}


@pytest.mark.parametrize("operator", [{"is_superuser": True}, {"is_staff": True}])
def test_a_unit_admin_cannot_set_a_site_operators_password(client, make_user, operator):
    # Whoever could would sign in as them and read every unit in /admin/.
    person = make_user("33", "approver", **operator)
    client.force_login(make_user("00", "admin"))
    client.cookies["django_language"] = "en"
    response = client.post(reverse("user-password", args=[person.pk]), NEW_PASSWORD)
    assert response.status_code == 403
    assert "only a superuser changes their account" in response.content.decode()
    person.refresh_from_db()
    assert not person.check_password(NEW_PASSWORD["new_password1"])


def test_a_unit_admin_cannot_edit_a_site_operator(client, make_user):
    person = make_user("33.74", "editor", is_staff=True, email="ops@kpu.go.id")
    client.force_login(make_user("33", "admin"))
    response = client.post(
        reverse("user-edit", args=[person.pk]),
        {"full_name": "X", "email": "mine@example.com", "unit": person.satker_id, "role": "editor"},
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert (person.email, person.is_active) == ("ops@kpu.go.id", True)


def test_a_superuser_sets_a_staff_members_password(client, make_user):
    person = make_user("33", "editor", is_staff=True)
    client.force_login(make_user("00", "admin", is_superuser=True, is_staff=True))
    response = client.post(reverse("user-password", args=[person.pk]), NEW_PASSWORD)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD["new_password1"])


def test_the_user_list_names_a_site_operator_without_an_edit_link(client, make_user):
    operator = make_user("33", "approver", username="ops", is_staff=True)
    client.force_login(make_user("33", "admin"))
    client.cookies["django_language"] = "en"
    page = client.get(reverse("user-list")).content.decode()
    assert 'ops <span class="hint">(site operator)</span>' in page
    assert reverse("user-edit", args=[operator.pk]) not in page
