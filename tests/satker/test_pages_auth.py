"""Signing in and out through the portal's pages."""

from django.urls import reverse

from tests.factories import PASSWORD


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_anonymous_is_sent_to_the_sign_in_page(client, tree):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_sign_in_with_the_right_password_opens_home(client, make_user):
    user = make_user("33.74", "editor")
    response = english(client).post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "KPU Kota Semarang" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, make_user):
    user = make_user("33.74", "editor")
    response = english(client).post(
        reverse("login"), {"username": user.username, "password": "not-the-password"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "Wrong username or password." in page
    assert "_auth_user_id" not in client.session


def test_an_inactive_person_cannot_sign_in(client, make_user):
    user = make_user("33.74", "editor", is_active=False)
    response = english(client).post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_sign_out_ends_the_session_and_says_so(client, make_user):
    client.force_login(make_user("33.74", "editor"))
    response = english(client).post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_every_page_offers_a_sign_out_button_that_posts(client, make_user):
    client.force_login(make_user("33.74", "editor"))
    page = client.get(reverse("home")).content.decode()
    assert f'<form class="logout" method="post" action="{reverse("logout")}">' in page
