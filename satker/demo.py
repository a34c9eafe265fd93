"""Demo people for the embedded demo and the browser tests: every role at five units."""

from .models import Satker
from .roles import Role
from .services import user_upsert
from .tree import seed_tree

DEMO_PASSWORD = "demo-kpu-2026"

# (username prefix, unit code)
DEMO_UNITS = [
    ("pusat", "00"),
    ("jateng", "33"),
    ("semarang", "33.74"),
    ("aceh", "11"),
    ("bandaaceh", "11.71"),
]


def demo_usernames() -> list[tuple[str, str, str]]:
    """(username, unit code, role) for every demo user."""
    return [(f"{prefix}.{role}", code, role) for prefix, code in DEMO_UNITS for role in Role.values]


def seed_demo_users() -> list[tuple[str, Satker, str]]:
    seed_tree()
    units = {unit.code: unit for unit in Satker.objects.filter(code__in=[c for _, c in DEMO_UNITS])}
    seeded = []
    for username, code, role in demo_usernames():
        user_upsert(username=username, unit=units[code], role=role, password=DEMO_PASSWORD)
        seeded.append((username, units[code], role))
    return seeded
