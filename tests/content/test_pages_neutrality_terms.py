"""The neutrality terms: kept by national admins, flagged to reviewers, never blocking."""

import pytest
from django.urls import reverse

from content.models import NeutralityTerm

from .test_pages_support import (  # noqa: F401 - fixtures
    browser_as_fixture,
    error_summary,
    main_text,
    shown_messages,
)


def test_a_national_admin_lists_the_terms(browser_as, tree):
    NeutralityTerm.objects.create(term="Partai Merdeka", kind="party")
    text = main_text(browser_as("00", "admin").get(reverse("term-list")))
    assert "Partai Merdeka Party name Active" in text


def test_a_national_admin_adds_a_term(browser_as, tree):
    response = browser_as("00", "admin").post(
        reverse("term-create"),
        {"term": "  Coblos   nomor satu ", "kind": "partisan", "is_active": "on"},
        follow=True,
    )
    assert shown_messages(response) == ["The neutrality term is saved."]
    term = NeutralityTerm.objects.get()
    assert (term.term, term.kind, term.is_active) == ("Coblos nomor satu", "partisan", True)


def test_a_term_already_listed_in_another_letter_case_is_refused(browser_as, tree):
    NeutralityTerm.objects.create(term="Partai Merdeka", kind="party")
    response = browser_as("00", "admin").post(
        reverse("term-create"), {"term": "partai merdeka", "kind": "party", "is_active": "on"}
    )
    assert response.status_code == 400
    assert "This term is already on the list." in error_summary(response)


def test_a_national_admin_edits_a_term(browser_as, tree):
    term = NeutralityTerm.objects.create(term="Budi", kind="party")
    browser_as("00", "admin").post(
        reverse("term-edit", args=[term.pk]), {"term": "Budi Santoso", "kind": "candidate"}
    )
    term.refresh_from_db()
    assert (term.term, term.kind, term.is_active) == ("Budi Santoso", "candidate", False)


def test_a_national_admin_deactivates_and_reactivates_a_term(browser_as, tree):
    term = NeutralityTerm.objects.create(term="Partai Merdeka", kind="party")
    client = browser_as("00", "admin")
    response = client.post(reverse("term-toggle", args=[term.pk]), follow=True)
    assert shown_messages(response) == ["“Partai Merdeka” is no longer flagged."]
    assert NeutralityTerm.objects.get().is_active is False
    client.post(reverse("term-toggle", args=[term.pk]))
    assert NeutralityTerm.objects.get().is_active is True


@pytest.mark.parametrize(
    ("code", "role"), [("00", "approver"), ("33", "admin"), ("33.74", "admin"), ("00", "viewer")]
)
def test_nobody_else_manages_the_terms(browser_as, tree, code, role):
    term = NeutralityTerm.objects.create(term="Partai Merdeka", kind="party")
    client = browser_as(code, role)
    assert client.get(reverse("term-list")).status_code == 403
    assert client.post(reverse("term-create"), {"term": "X", "kind": "party"}).status_code == 403
    assert client.post(reverse("term-toggle", args=[term.pk])).status_code == 403
    assert list(NeutralityTerm.objects.values_list("term", "is_active")) == [
        ("Partai Merdeka", True)
    ]


def test_the_menu_offers_the_terms_to_national_admins_only(browser_as, tree):
    link = f'href="{reverse("term-list")}"'
    assert link in browser_as("00", "admin").get("/").content.decode()
    assert link not in browser_as("33", "admin").get("/").content.decode()
