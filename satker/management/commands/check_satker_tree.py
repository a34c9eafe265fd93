from django.core.management.base import BaseCommand, CommandError

from satker.models import Satker
from satker.tree import tree_problems

# One corruption can cascade into hundreds of sentences; the first ones locate it.
SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = (
        "Check the unit tree's integrity (one root, lft < rght, nesting, no gaps or overlaps, "
        "levels, codes under their parent's code); exits non-zero and says what is wrong."
    )

    def handle(self, *args, **options):
        problems = tree_problems()
        if problems:
            raise CommandError(describe(problems))
        self.stdout.write(f"The unit tree is sound: {Satker.objects.count()} units.")


def describe(problems: list[str]) -> str:
    lines = [f"The unit tree has {len(problems)} problem(s):"]
    lines += [f"  - {problem}" for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"  ... and {len(problems) - SHOWN_PROBLEMS} more.")
    return "\n".join(lines)
