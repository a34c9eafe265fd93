"""Addresses that receive a form and draw it again with its errors: opening one by
GET (a reload, the language switch, a bookmark) leads to the page the form is on."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("url_name", "page"),
    [
        ("post-media-upload", "post-detail"),
        ("post-publish", "post-detail"),
        ("post-approve", "post-review"),
        ("post-request-changes", "post-review"),
    ],
)
def test_a_posts_form_address_opened_by_get_leads_to_its_page(
    client, post_at, province_approver, url_name, page
):
    post = post_at("submitted")
    client.force_login(province_approver)
    response = client.get(reverse(url_name, args=[post.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(page, args=[post.pk])


def test_the_preview_address_opened_by_get_leads_to_the_writing_page(client, assignment, editor):
    client.force_login(editor)
    response = client.get(reverse("post-preview", args=[assignment.pk]))
    assert response["Location"] == reverse("post-create", args=[assignment.pk])


def test_a_briefs_upload_address_opened_by_get_leads_to_the_brief(client, brief, make_user):
    client.force_login(make_user("00", "editor"))
    response = client.get(reverse("brief-asset-upload", args=[brief.pk]))
    assert response["Location"] == reverse("brief-detail", args=[brief.pk])


def test_switching_language_on_a_form_with_errors_lands_on_its_page(client, post_at, editor):
    post = post_at("approved")
    client.force_login(editor)
    failed = client.post(reverse("post-publish", args=[post.pk]), {"url": "not a url"})
    assert failed.status_code == 400
    switched = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("post-publish", args=[post.pk])},
        follow=True,
    )
    assert switched.status_code == 200
    assert switched.redirect_chain[-1][0] == reverse("post-detail", args=[post.pk])
