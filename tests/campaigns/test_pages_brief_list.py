"""The brief list: the subtree's briefs and those addressed to it, searchable by title
and filtered by status and priority."""

import re

from django.urls import reverse

from .test_pages_support import browser_as_fixture, draft_at, main_text, published_at  # noqa: F401


def titles(response) -> list[str]:
    return re.findall(
        r'<th scope="row"><a href="/briefs/\d+/">([^<]+)</a>', response.content.decode()
    )


def test_a_province_lists_its_own_briefs_and_those_addressed_to_it(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["33"], title="Dari pusat ke Jawa Tengah")
    published_at(tree, make_user, "00", units=["11"], title="Dari pusat ke Aceh")
    draft_at(tree, "33", title="Draf Jawa Tengah")
    draft_at(tree, "00", title="Draf pusat")
    listed = titles(browser_as("33", "viewer").get(reverse("brief-list")))
    assert sorted(listed) == ["Dari pusat ke Jawa Tengah", "Draf Jawa Tengah"]


def test_every_word_searched_must_be_in_the_title(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["33"], title="Klarifikasi hoaks: pemilu ulang")
    published_at(tree, make_user, "00", units=["33"], title="Ayo cek DPT")
    client = browser_as("33", "viewer")
    assert titles(client.get(reverse("brief-list"), {"q": "HOAKS pemilu"})) == [
        "Klarifikasi hoaks: pemilu ulang"
    ]
    assert titles(client.get(reverse("brief-list"), {"q": "hoaks dpt"})) == []


def test_status_and_priority_filters(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["33"], title="Biasa", priority="normal")
    published_at(
        tree, make_user, "00", units=["33"], title="Mendesak", priority="urgent", deadline_hours=6
    )
    draft_at(tree, "33", title="Draf")
    client = browser_as("33", "editor")
    assert titles(client.get(reverse("brief-list"), {"priority": "urgent"})) == ["Mendesak"]
    assert titles(client.get(reverse("brief-list"), {"status": "draft"})) == ["Draf"]


def test_a_filter_matching_nothing_says_so_and_offers_to_clear(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["33"], title="Ayo cek DPT")
    text = main_text(browser_as("33", "viewer").get(reverse("brief-list"), {"q": "tidak ada"}))
    assert "No brief matches these filters. Clear filters" in text


def test_an_unknown_status_is_named_and_ignored(browser_as, tree, make_user):
    published_at(tree, make_user, "00", units=["33"], title="Ayo cek DPT")
    response = browser_as("33", "viewer").get(reverse("brief-list"), {"status": "lost"})
    assert "A filter was not understood and is ignored:" in main_text(response)
    assert titles(response) == ["Ayo cek DPT"]
