"""The main menu: by role, with the page one is on marked for assistive technology."""

import re

from django.urls import reverse


def menu(client, path: str) -> dict[str, bool]:
    """{link: is current} of the main menu on the page at ``path``."""
    page = client.get(path).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S)
    if nav is None:
        return {}
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>', nav.group(0))
    return {href: bool(current) for href, current in links}


def test_an_admin_has_home_and_users(client, make_user):
    client.force_login(make_user("33", "admin"))
    items = menu(client, reverse("home"))
    assert (items["/"], items["/users/"]) == (True, False)


def test_pages_below_users_mark_users_as_current(client, make_user):
    admin = make_user("33", "admin")
    client.force_login(admin)
    items = menu(client, reverse("user-edit", args=[admin.pk]))
    assert (items["/"], items["/users/"]) == (False, True)


def test_an_editor_has_no_users_item(client, make_user):
    client.force_login(make_user("33.74", "editor"))
    assert "/users/" not in menu(client, reverse("home"))


def test_the_sign_in_page_has_no_menu(client, tree):
    assert menu(client, reverse("login")) == {}
