"""Demo people for the embedded demo and the browser tests: every role at five units.

Demo only: every demo user shares one published password.
"""

from django.db import transaction

from .models import Satker, User
from .roles import Role
from .services import user_upsert
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
