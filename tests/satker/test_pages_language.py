"""The interface speaks Indonesian by default; English is one form away."""

import re

from django.urls import reverse


def page_language(page: str) -> str:
    return re.search(r'<html lang="([^"]+)">', page).group(1)


def test_the_sign_in_page_is_indonesian_by_default(client, tree):
    page = client.get(reverse("login")).content.decode()
    assert page_language(page) == "id"
    assert "Masuk" in page
    assert "Sign in" not in page


def test_the_language_switch_changes_the_page_language(client, make_user):
    client.force_login(make_user("33.74", "editor"))
    before = client.get(reverse("home")).content.decode()
    assert page_language(before) == "id"
    assert "Satuan Kerja Anda" in before

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    after = client.get(reverse("home")).content.decode()
    assert page_language(after) == "en"
    assert "Your work units" in after
    assert "Satuan Kerja Anda" not in after


def test_switching_back_to_indonesian(client, make_user):
    client.force_login(make_user("33.74", "editor"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert page_language(page) == "id"
    assert "Keluar" in page


def test_the_switch_is_a_plain_form_with_both_languages(client, tree):
    page = client.get(reverse("login")).content.decode()
    form = re.search(r'<form class="language-form".*?</form>', page, re.S).group(0)
    assert f'action="{reverse("set_language")}" method="post"' in form
    assert '<option value="id" lang="id" selected>Bahasa Indonesia</option>' in form
    assert '<option value="en" lang="en">English</option>' in form
    assert 'type="submit"' in form


def test_role_labels_are_translated(client, make_user):
    client.force_login(make_user("33", "viewer"))
    header = client.get(reverse("home")).content.decode().split("</header>")[0]
    assert "Pimpinan" in header
