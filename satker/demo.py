"""Demo people for the embedded demo and the browser tests: every role at five units.

Demo only: every demo user shares one published password.
"""

from django.db import transaction

from .capacity import Connectivity, Skill, SkillLevel
from .models import Satker, User
from .roles import Role
from .services import unit_profile_save, user_upsert
from .tree import seed_tree

DEMO_PASSWORD = "demo-kpu-2026"

# (username prefix, unit code): the root, a province and one of its regencies, and
# Aceh's KIP pair, whose names differ from everywhere else.
DEMO_UNITS = [
    ("pusat", "00"),
    ("jateng", "33"),
    ("semarang", "33.74"),
    ("aceh", "11"),
    ("bandaaceh", "11.71"),
]


def demo_usernames() -> list[tuple[str, str, str]]:
    """(username, unit code, role) for every demo user: ("semarang.editor", "33.74", ...)."""
    return [(f"{prefix}.{role}", code, role) for prefix, code in DEMO_UNITS for role in Role.values]


def seed_demo_users() -> list[tuple[str, Satker, str]]:
    """Seed the tree, then put every demo user at its unit and role; idempotent."""
    seed_tree()
    units = Satker.objects.in_bulk([code for _, code in DEMO_UNITS], field_name="code")
    seeded = []
    with transaction.atomic():
        for username, code, role in demo_usernames():
            user_upsert(
                username=username, unit=units[code], role=role, password=_password_to_set(username)
            )
            seeded.append((username, units[code], role))
    return seeded


def _password_to_set(username: str) -> str | None:
    # Re-hashing an unchanged password would rewrite every row on each run; only a
    # new user or one whose password was changed gets the demo password (again).
    user = User.objects.filter(username=username).first()
    if user is not None and user.check_password(DEMO_PASSWORD):
        return None
    return DEMO_PASSWORD


# Profiles of two demo units (by code), as their admins might fill them in: a city
# with a small but able team, and one that shares a phone and a weak line.
DEMO_PROFILES = {
    "33.74": {
        "connectivity": Connectivity.GOOD,
        "connectivity_note": "",
        "equipment": "Dua ponsel, kamera mirrorless, laptop dengan perangkat lunak penyunting.",
        "skills": {
            Skill.CONTENT_CREATOR: (2, SkillLevel.INTERMEDIATE),
            Skill.COPYWRITER: (1, SkillLevel.ADVANCED),
            Skill.DESIGNER: (1, SkillLevel.INTERMEDIATE),
            Skill.SOCIAL_ADMIN: (2, SkillLevel.INTERMEDIATE),
        },
        "accounts": {"instagram": "https://www.instagram.com/kpukotasemarang"},
    },
    "11.71": {
        "connectivity": Connectivity.LIMITED,
        "connectivity_note": "Unggahan video menunggu malam hari.",
        "equipment": "Satu ponsel bersama dan satu komputer kantor.",
        "skills": {
            Skill.COPYWRITER: (1, SkillLevel.INTERMEDIATE),
            Skill.SOCIAL_ADMIN: (1, SkillLevel.BASIC),
        },
        "accounts": {},
    },
}


def seed_demo_profiles() -> None:
    """Fill in the demo units' profiles as their admin; a second run changes nothing."""
    for code, profile in DEMO_PROFILES.items():
        prefix = next(prefix for prefix, unit_code in DEMO_UNITS if unit_code == code)
        admin = User.objects.select_related("satker").get(username=f"{prefix}.admin")
        unit_profile_save(actor=admin, unit=admin.satker, **profile)
