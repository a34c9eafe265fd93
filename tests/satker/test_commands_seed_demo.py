"""`manage.py seed_demo`: every role at the root, Jawa Tengah, Semarang, Aceh and Banda Aceh."""

from io import StringIO

import pytest
from django.core.management import call_command

from analytics.dashboard import dashboard_rows
from audit.models import AuditEntry
from content.demo import DEMO_TERMS
from content.models import NeutralityTerm, Post
from content.validation import neutrality_flags
from kpu_portal.todo import tasks_for
from satker.demo import DEMO_PASSWORD
from satker.models import Satker, UnitProfile, User
from tests.factories import signs_in

UNITS = {
    "pusat": "00",
    "jateng": "33",
    "semarang": "33.74",
    "aceh": "11",
    "bandaaceh": "11.71",
}
ROLES = ["viewer", "editor", "approver", "admin"]


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def demo_users() -> list[tuple]:
    return list(
        User.objects.order_by("username").values_list(
            "pk", "username", "satker__code", "role", "password", "is_active", "is_staff"
        )
    )


def test_it_makes_20_users_every_role_at_five_units(tree):
    seed_demo()
    placed = set(User.objects.values_list("username", "satker__code", "role"))
    assert placed == {
        (f"{prefix}.{role}", code, role) for prefix, code in UNITS.items() for role in ROLES
    }


def test_demo_users_are_not_staff(tree):
    seed_demo()
    assert not User.objects.filter(is_staff=True).exists()


@pytest.mark.parametrize("username", ["pusat.admin", "semarang.editor", "bandaaceh.viewer"])
def test_demo_users_sign_in_with_the_demo_password(tree, username):
    seed_demo()
    assert signs_in(username, DEMO_PASSWORD)


def test_running_it_twice_gives_the_same_users_unchanged(tree):
    seed_demo()
    before = demo_users()
    seed_demo()
    assert demo_users() == before
    assert len(before) == 20


def test_running_it_again_puts_back_a_moved_user_and_a_changed_password(tree):
    seed_demo()
    user = User.objects.get(username="jateng.approver")
    user.satker, user.role = tree("00"), "viewer"
    user.set_password("something-else-77")
    user.save()
    seed_demo()
    user.refresh_from_db()
    assert (user.satker.code, user.role, user.check_password(DEMO_PASSWORD)) == (
        "33",
        "approver",
        True,
    )


def test_it_lists_the_users_and_the_password(tree):
    lines = seed_demo().splitlines()
    assert lines[0] == f"Demo users (demo only; password for all: {DEMO_PASSWORD}):"
    assert len(lines) == 25
    assert lines[21].startswith("Sample brief: Ayo Cek Nama Anda di DPT (552 assignments)")
    assert lines[22:] == [
        "  KPU Kota Semarang, instagram: published",
        "  KPU Kota Semarang, facebook: submitted",
        "  KIP Kota Banda Aceh, x: changes_requested",
    ]
    assert lines[1].split() == ["pusat.viewer", "viewer", "00", "KPU", "Republik", "Indonesia"]
    assert "semarang.editor" in lines[10] and "KPU Kota Semarang" in lines[10]


def test_it_seeds_the_tree_first(tree):
    Satker.objects.all()._raw_delete(Satker.objects.db)
    seed_demo()
    assert Satker.objects.count() == 553
    assert User.objects.count() == 20


def test_it_fills_in_two_unit_profiles_once(tree):
    seed_demo()
    seed_demo()
    profiles = dict(UnitProfile.objects.values_list("satker__code", "connectivity"))
    assert profiles == {"33.74": "good", "11.71": "limited"}
    assert AuditEntry.objects.filter(object_type="satker.unitprofile").count() == 2


def test_its_sample_posts_are_made_once_and_leave_work_for_each_side(tree):
    seed_demo()
    seed_demo()
    posts = set(Post.objects.values_list("satker__code", "platform", "status"))
    assert posts == {
        ("33.74", "instagram", "published"),
        ("33.74", "facebook", "submitted"),
        ("11.71", "x", "changes_requested"),
    }
    waiting = {
        username: [task.key for task in tasks_for(User.objects.get(username=username))]
        for username in ("jateng.approver", "bandaaceh.editor")
    }
    assert "review" in waiting["jateng.approver"]
    assert "changes" in waiting["bandaaceh.editor"]


def test_its_reported_figures_are_on_the_national_dashboard(tree):
    seed_demo()
    nation = dashboard_rows(tree("00")).as_dict()
    assert (nation["posts"]["published"], nation["engagement"]["reach"]) == (1, 2_150)


def test_its_neutrality_terms_flag_a_partisan_caption_once_seeded_twice(tree):
    seed_demo()
    seed_demo()
    assert NeutralityTerm.objects.count() == len(DEMO_TERMS)
    flagged = [flag.term for flag in neutrality_flags("Ayo pilih paslon favoritmu!")]
    assert flagged == ["pilih paslon"]
