"""The user list: people of the admin's subtree, searchable, filterable, in pages."""

import re

import pytest
from django.urls import reverse


@pytest.fixture
def alice(client, make_user):
    """alice administers KPU Provinsi Jawa Tengah; she reads the list in English."""
    alice = make_user("33", "admin", username="alice")
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    return alice


def listed(client, **params) -> list[str]:
    page = client.get(reverse("user-list"), params).content.decode()
    return re.findall(r'<th scope="row"><a href="/users/\d+/">([^<]+)<', page)


def test_it_lists_exactly_the_people_of_the_subtree(client, alice, make_user):
    make_user("33.74", "editor", username="bob")
    make_user("33.02", "viewer", username="dewi")
    make_user("11", "admin", username="charlie")  # Aceh
    make_user("00", "admin", username="nasional")  # above alice
    assert sorted(listed(client)) == ["alice", "bob", "dewi"]


def test_it_searches_username_name_and_email(client, alice, make_user):
    make_user("33.74", "editor", username="bob", first_name="Budi", last_name="Santoso")
    make_user("33.74", "editor", username="eko", email="eko.prasetyo@kpu.example")
    make_user("33.02", "editor", username="sari")
    assert listed(client, q="budi santoso") == ["bob"]
    assert listed(client, q="PRASETYO") == ["eko"]
    assert listed(client, q="sari") == ["sari"]


def test_it_filters_by_unit_including_the_units_below(client, alice, make_user):
    make_user("33.74", "editor", username="bob")
    make_user("33.02", "editor", username="dewi")
    semarang = make_user("33.74", "viewer", username="fajar").satker
    assert sorted(listed(client, unit=semarang.pk)) == ["bob", "fajar"]


def test_it_filters_by_role(client, alice, make_user):
    make_user("33.74", "editor", username="bob")
    make_user("33.74", "viewer", username="fajar")
    assert listed(client, role="viewer") == ["fajar"]


def test_it_filters_by_status(client, alice, make_user):
    make_user("33.74", "editor", username="bob", is_active=False)
    make_user("33.74", "viewer", username="fajar")
    assert listed(client, status="inactive") == ["bob"]
    assert "bob" not in listed(client, status="active")


def test_a_unit_outside_the_subtree_is_reported_and_ignored(client, alice, tree):
    response = client.get(reverse("user-list"), {"unit": tree("11").pk})
    page = response.content.decode()
    assert "Choose a work unit within your own subtree." in page
    assert "alice" in page


def test_it_shows_25_people_a_page(client, alice, make_user):
    for number in range(30):
        make_user("33.74", "editor", username=f"staf{number:02d}")
    first, second = listed(client), listed(client, page=2)
    assert len(first) == 25
    assert len(second) == 6  # 30 + alice
    assert not set(first) & set(second)
    page = client.get(reverse("user-list")).content.decode()
    assert "Page 1 of 2" in page
    assert 'href="?page=2"' in page


def test_page_links_keep_the_filters(client, alice, make_user):
    for number in range(26):
        make_user("33.74", "viewer", username=f"staf{number:02d}")
    page = client.get(reverse("user-list"), {"role": "viewer"}).content.decode()
    assert 'href="?role=viewer&amp;page=2"' in page


def test_it_says_when_nobody_matches(client, alice):
    page = client.get(reverse("user-list"), {"q": "nobody-by-this-name"}).content.decode()
    assert "Nobody matches these filters." in page
