"""Sample work on the demo brief, through the real services, so that every demo role
finds something on its pages: a published Instagram post of Semarang with reported
figures, a Facebook post of Semarang waiting for Jawa Tengah's review, and an X post
of Banda Aceh sent back by Aceh with a comment; and a few partisan terms for the
neutrality check. Idempotent: a brief that already has posts is left as it is.
"""

from django.utils import timezone

from analytics.ingest import snapshots_ingest
from analytics.rollup import rollup_rebuild
from campaigns.models import Campaign
from satker.models import User

from . import services, workflow
from .choices import TermKind
from .models import NeutralityTerm, Post

HASHTAGS = "#CekDPT #PemiluDamai #TemanPemilih"


def _caption(text: str) -> str:
    return f"{text}\n\n{HASHTAGS}"


# Partisan phrases a reviewer should see flagged (DESIGN.md §5 step 3); the real list,
# with the parties' and candidates' names, is kept by the centre's admins.
DEMO_TERMS = ["coblos nomor urut", "pilih paslon", "jangan pilih", "menangkan"]


def seed_demo_terms() -> int:
    """The demo's neutrality terms; returns how many were added."""
    added = 0
    for term in DEMO_TERMS:
        _term, created = NeutralityTerm.objects.get_or_create(
            term=term, defaults={"kind": TermKind.PARTISAN}
        )
        added += created
    return added


def seed_demo_posts(brief: Campaign) -> list[Post]:
    """The sample posts of ``brief``; none are added once it has any."""
    if brief.assignments.filter(posts__isnull=False).exists():
        return []
    brief.refresh_from_db()  # as published, whoever passed it
    people = {user.username: user for user in User.objects.filter(username__in=_NAMES)}
    posts = [
        _published_with_figures(brief, people),
        _waiting_for_review(brief, people),
        _sent_back(brief, people),
    ]
    rollup_rebuild()  # the dashboards show the figures at once
    return posts


_NAMES = [
    "semarang.editor",
    "jateng.approver",
    "bandaaceh.editor",
    "aceh.approver",
]


def _write(brief: Campaign, editor: User, platform: str, text: str) -> Post:
    assignment = brief.assignments.get(satker=editor.satker)
    return services.post_create(
        assignment=assignment, by=editor, platform=platform, caption=_caption(text)
    )


def _published_with_figures(brief: Campaign, people: dict) -> Post:
    editor = people["semarang.editor"]
    post = _write(
        brief,
        editor,
        "instagram",
        "Sudah cek nama Anda di Daftar Pemilih Tetap? Buka cekdptonline.kpu.go.id, "
        "masukkan NIK, dan pastikan nama Anda terdaftar.",
    )
    post = workflow.post_submit(post=post, by=editor)
    post = workflow.post_approve(post=post, by=people["jateng.approver"])
    # Out once approved (a moment ago, in a fresh demo), with two readings since.
    now = timezone.now()
    published_at = post.decided_at
    post = workflow.post_publish(
        post=post,
        by=editor,
        url="https://www.instagram.com/p/kpukotasemarang-cekdpt/",
        published_at=published_at,
    )
    # Cumulative figures: only the later reading counts.
    since = now - published_at
    figures = [
        (published_at + since * 0.4, 820, 1_410, 64, 9, 12, 0),
        (published_at + since * 0.9, 2_150, 3_870, 171, 23, 41, 0),
    ]
    snapshots_ingest(
        by=editor,
        items=[
            {
                "post": post.pk,
                "captured_at": captured_at.isoformat(),
                "reach": reach,
                "impressions": impressions,
                "likes": likes,
                "comments": comments,
                "shares": shares,
                "views": views,
            }
            for captured_at, reach, impressions, likes, comments, shares, views in figures
        ],
        source="form",
    )
    return post


def _waiting_for_review(brief: Campaign, people: dict) -> Post:
    editor = people["semarang.editor"]
    post = _write(
        brief,
        editor,
        "facebook",
        "Warga Kota Semarang, pemungutan suara makin dekat. Cek nama Anda dan keluarga di "
        "DPT lewat cekdptonline.kpu.go.id atau datang ke kantor KPU Kota Semarang.",
    )
    return workflow.post_submit(post=post, by=editor)


def _sent_back(brief: Campaign, people: dict) -> Post:
    editor = people["bandaaceh.editor"]
    post = _write(brief, editor, "x", "Cek DPT sekarang!")
    post = workflow.post_submit(post=post, by=editor)
    return workflow.post_request_changes(
        post=post,
        by=people["aceh.approver"],
        comment="Tambahkan alamat cekdptonline.kpu.go.id agar warga tahu di mana memeriksa.",
    )
