"""Every write to the unit tree goes through this module, under one lock.

django-mptt keeps lft/rght/level in every row; two writers moving them at once
corrupt the tree. ``tree_lock`` serialises writers: on PostgreSQL with a
transaction-scoped advisory lock, on SQLite by its IMMEDIATE transactions (see
settings), which already let one writer in at a time.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from kpu_portal import events

from .models import ROOT_CODE, Satker
from .roles import Level
from .wilayah import UnitRow, read_rows

# An arbitrary constant naming "the satker tree" among the database's advisory locks.
TREE_LOCK_KEY = 0x5A7E_0001


@contextmanager
def tree_lock() -> Iterator[None]:
    """A transaction in which this process alone writes the tree."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_LOCK_KEY])
        yield


@dataclass
class SeedResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


def seed_tree(rows: list[UnitRow] | None = None) -> SeedResult:
    """Bring the tree in line with the unit table: add what is missing, rename in place.

    Idempotent. Units that are no longer in the table are left alone: people and
    work hang off them.
    """
    rows = read_rows() if rows is None else rows
    with tree_lock():
        if not Satker.objects.exists():
            return _bulk_create_tree(rows)
        return _upsert_units(rows)


def _bulk_create_tree(rows: list[UnitRow]) -> SeedResult:
    """First seeding: django-mptt numbers the whole tree in memory, a few INSERTs store it.

    553 one-by-one MPTT inserts would each shift the rows to their right. Rows go
    in level by level so every parent has its primary key before its children.
    """
    nodes = Satker.objects.build_tree_nodes(_nested(rows))
    parent_at_depth: dict[int, Satker] = {}
    for node in nodes:  # pre-order: a parent always comes before its children
        if node.level:
            node.parent = parent_at_depth[node.level - 1]
        parent_at_depth[node.level] = node
    for depth in range(len(Level)):
        Satker.objects.bulk_create([node for node in nodes if node.level == depth])
    return SeedResult(created=[node.code for node in nodes])


def _nested(rows: list[UnitRow]) -> dict:
    """The unit table as the nested dict that build_tree_nodes takes, children by code."""
    by_code = {
        row.code: {"code": row.code, "name": row.name, "timezone": row.timezone, "children": []}
        for row in rows
    }
    for row in sorted(rows, key=lambda row: row.code):
        if row.parent_code:
            by_code[row.parent_code]["children"].append(by_code[row.code])
    return by_code[ROOT_CODE]


def _upsert_units(rows: list[UnitRow]) -> SeedResult:
    result = SeedResult()
    existing = {unit.code: unit for unit in Satker.objects.all()}
    for row in rows:
        unit = existing.get(row.code)
        if unit is None:
            # Re-read the parent: earlier inserts moved its lft/rght in the database.
            parent = (
                Satker.objects.get(pk=existing[row.parent_code].pk) if row.parent_code else None
            )
            unit = Satker(code=row.code, name=row.name, timezone=row.timezone, parent=parent)
            unit.save()
            existing[row.code] = unit
            result.created.append(row.code)
            events.announce(events.UNIT_ADDED, unit)
        elif (unit.name, unit.timezone) != (row.name, row.timezone):
            unit.name, unit.timezone = row.name, row.timezone
            unit.save(update_fields=["name", "timezone"])
            result.updated.append(row.code)
        else:
            result.unchanged += 1
    return result


def tree_problems() -> list[str]:
    """What is wrong with the stored tree, one sentence a problem; empty when sound."""
    nodes = list(
        Satker.objects.values("id", "code", "parent_id", "tree_id", "lft", "rght", "level")
    )
    if not nodes:
        return ["The tree is empty: run `python manage.py seed_satker`."]
    by_id = {node["id"]: node for node in nodes}
    problems = _root_problems(nodes)
    for node in nodes:
        problems.extend(_node_problems(node, by_id))
    problems.extend(_tiling_problems(nodes))
    return problems


def _root_problems(nodes: list[dict]) -> list[str]:
    roots = [node for node in nodes if node["parent_id"] is None]
    if [root["code"] for root in roots] != [ROOT_CODE]:
        return [f"Expected one root with code {ROOT_CODE!r}, found {[r['code'] for r in roots]}."]
    if roots[0]["lft"] != 1:
        return [f"{ROOT_CODE}: the root's lft is {roots[0]['lft']}, not 1."]
    return []


def _node_problems(node: dict, by_id: dict[int, dict]) -> list[str]:
    """A node against itself and its parent: bounds, level, nesting and code."""
    code = node["code"]
    problems = []
    if not node["lft"] < node["rght"]:
        problems.append(f"{code}: lft {node['lft']} is not below rght {node['rght']}.")
    if node["level"] >= len(Level):
        problems.append(f"{code}: level {node['level']} is deeper than a regency.")
    parent = by_id.get(node["parent_id"])
    if parent is None:
        if node["level"] != 0:
            problems.append(f"{code}: has no parent but level {node['level']}, not 0.")
        return problems
    if node["level"] != parent["level"] + 1:
        problems.append(
            f"{code}: level {node['level']} under {parent['code']} at level {parent['level']}."
        )
    if node["tree_id"] != parent["tree_id"] or not (
        parent["lft"] < node["lft"] and node["rght"] < parent["rght"]
    ):
        problems.append(
            f"{code}: ({node['lft']}, {node['rght']}) is not nested inside its parent "
            f"{parent['code']} ({parent['lft']}, {parent['rght']})."
        )
    if parent["code"] != ROOT_CODE and not code.startswith(f"{parent['code']}."):
        problems.append(f"{code}: code does not start with its parent's code {parent['code']}.")
    return problems


def _tiling_problems(nodes: list[dict]) -> list[str]:
    """Children, in lft order, must tile their parent's interval without gaps or overlaps.

    Nesting alone lets two siblings overlap or leave a hole; this walk catches
    both, and with the root at 1 it means lft/rght number 1..2n exactly once.
    """
    children = defaultdict(list)
    for node in nodes:
        children[node["parent_id"]].append(node)
    problems = []
    for node in nodes:
        expected_lft = node["lft"] + 1
        for child in sorted(children[node["id"]], key=lambda child: child["lft"]):
            if child["lft"] != expected_lft:
                problems.append(
                    f"{child['code']}: lft {child['lft']} should be {expected_lft} "
                    f"(a gap or overlap among the children of {node['code']})."
                )
            expected_lft = child["rght"] + 1
        if node["rght"] != expected_lft:
            problems.append(
                f"{node['code']}: rght {node['rght']} should be {expected_lft} "
                f"(one past its last child, or lft + 1 without children)."
            )
    return problems
