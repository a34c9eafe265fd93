from django.core.management.base import BaseCommand

from campaigns.demo import seed_demo_brief
from content.demo import seed_demo_posts, seed_demo_terms
from satker.demo import DEMO_PASSWORD, seed_demo_profiles, seed_demo_users


class Command(BaseCommand):
    help = (
        "Seed the unit tree, demo users of every role at the root, Jawa Tengah, Semarang, "
        "Aceh and Banda Aceh, two unit profiles, a published sample brief and three posts of it "
        "(published with figures, waiting for review, sent back) and a few neutrality terms "
        "(demo only: one shared password; idempotent)."
    )

    def handle(self, *args, **options):
        seeded = seed_demo_users()
        seed_demo_profiles()
        brief = seed_demo_brief()
        posts = seed_demo_posts(brief)
        seed_demo_terms()
        self.stdout.write(f"Demo users (demo only; password for all: {DEMO_PASSWORD}):")
        for username, unit, role in seeded:
            self.stdout.write(f"  {username:<20} {role:<9} {unit.code:<6} {unit.name}")
        self.stdout.write(f"Sample brief: {brief.title} ({brief.assignments.count()} assignments)")
        for post in posts:
            self.stdout.write(f"  {post.satker.name}, {post.platform}: {post.status}")
