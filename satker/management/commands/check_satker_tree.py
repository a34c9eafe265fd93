from django.core.management.base import BaseCommand, CommandError

from satker.models import Satker
from satker.tree import tree_problems


class Command(BaseCommand):
    help = "Check the unit tree's integrity (lft < rght, nesting, levels, codes); exit 1 if broken."

    def handle(self, *args, **options):
        problems = tree_problems()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"The unit tree has {len(problems)} problem(s).")
        self.stdout.write(f"The unit tree is sound: {Satker.objects.count()} units.")
