"""The neutrality check (content.validation): listed party names, candidate names and
partisan terms are flagged to the reviewer — a warning, never a block. Active terms
only; whole words or phrases, any case."""

import pytest

from content import workflow
from content.models import NeutralityTerm
from content.validation import highlight_terms, neutrality_flags, post_flags
from tests.content.conftest import CAPTION

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def terms(db):
    NeutralityTerm.objects.create(term="Golkar", kind="party")
    NeutralityTerm.objects.create(term="Budi Santoso", kind="candidate")
    NeutralityTerm.objects.create(term="coblos nomor 2", kind="partisan")
    NeutralityTerm.objects.create(term="Partai Lama", kind="party", is_active=False)


def flagged(text: str) -> list[tuple[str, str]]:
    return [(flag.term, flag.kind) for flag in neutrality_flags(text)]


def test_a_caption_naming_a_party_is_accepted_and_the_api_returns_the_flag(
    client_for, editor, assignment
):
    response = client_for(editor).post(
        "/api/v1/posts/",
        {"assignment": assignment.pk, "platform": "x", "caption": f"Kata Golkar: {CAPTION}"},
    )
    assert response.status_code == 201
    assert response.json()["neutrality_flags"] == [{"term": "Golkar", "kind": "party"}]


def test_a_flagged_post_can_be_submitted_and_its_reviewer_sees_the_flags(
    write, editor, client_for, province_approver
):
    post = write(title="", caption=f"Pilih Budi Santoso! {CAPTION}")
    workflow.post_submit(post=post, by=editor)
    rows = client_for(province_approver).get("/api/v1/posts/", {"review": "mine"}).json()
    assert rows["results"][0]["neutrality_flags"] == [{"term": "Budi Santoso", "kind": "candidate"}]


def test_the_title_is_checked_too(write):
    post = write(platform="youtube", title="Debat Golkar", caption=CAPTION)
    assert [flag.term for flag in post_flags(post)] == ["Golkar"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("golkar", [("Golkar", "party")]),
        ("GOLKAR!", [("Golkar", "party")]),
        ("(Golkar), golkar dan Golkar", [("Golkar", "party")]),  # once each
        ("Jangan coblos NOMOR 2.", [("coblos nomor 2", "partisan")]),
        ("budi santoso dan Golkar", [("Budi Santoso", "candidate"), ("Golkar", "party")]),
    ],
)
def test_matching_is_case_insensitive_and_lists_each_term_once(text, expected):
    assert flagged(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Golkarnya",  # part of a longer word
        "antiGolkar",
        "coblos nomor 21",
        "Budi Santosox",
        "#PemiluDamai tanpa nama partai",
    ],
)
def test_matching_is_whole_word(text):
    assert flagged(text) == []


def test_inactive_terms_are_not_flagged():
    assert flagged("Partai Lama kembali") == []


def test_a_term_made_inactive_stops_being_flagged():
    NeutralityTerm.objects.filter(term="Golkar").update(is_active=False)
    assert flagged("Golkar") == []


def test_an_edited_term_is_matched_as_it_reads_now():
    # The terms' regex is built once per list of terms, never from a stale one.
    assert flagged("Golkar") == [("Golkar", "party")]
    NeutralityTerm.objects.filter(term="Golkar").update(term="Partai Beringin", kind="partisan")
    assert flagged("Golkar") == []
    assert flagged("partai beringin") == [("Partai Beringin", "partisan")]


def test_with_no_terms_nothing_is_flagged():
    NeutralityTerm.objects.all().delete()
    assert flagged("Golkar, Budi Santoso") == []


def test_terms_with_special_characters_match_literally():
    NeutralityTerm.objects.create(term="#2029GantiPresiden", kind="partisan")
    NeutralityTerm.objects.create(term="P.K.S.", kind="party")
    assert flagged("Ayo #2029GantiPresiden bersama P.K.S. dan PxKxSx") == [
        ("#2029GantiPresiden", "partisan"),
        ("P.K.S.", "party"),
    ]


def test_highlighting_marks_the_terms_and_escapes_the_rest():
    text = "<b>Golkar</b> & golkar"
    html = highlight_terms(text, neutrality_flags(text))
    assert html == (
        '&lt;b&gt;<mark class="flag">Golkar</mark>&lt;/b&gt; &amp; <mark class="flag">golkar</mark>'
    )
