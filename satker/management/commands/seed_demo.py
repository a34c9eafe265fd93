from django.core.management.base import BaseCommand

from satker.demo import DEMO_PASSWORD, seed_demo_users


class Command(BaseCommand):
    help = "Seed the unit tree and demo users of every role at five units (demo only; idempotent)."

    def handle(self, *args, **options):
        seeded = seed_demo_users()
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for username, unit, role in seeded:
            self.stdout.write(f"  {username:<22} {role:<9} {unit.name}")
