from django.core.management.base import BaseCommand

from satker.tree import seed_tree


class Command(BaseCommand):
    help = (
        "Create or update the unit tree (KPU RI, 38 provinces, 514 regencies/cities) "
        "from satker/data/satker.csv. Idempotent: renamed units are updated in place."
    )

    def handle(self, *args, **options):
        result = seed_tree()
        self.stdout.write(
            f"Units: {len(result.created)} created, {len(result.updated)} updated, "
            f"{result.unchanged} unchanged."
        )
        for code in result.updated:
            self.stdout.write(f"  updated {code}")
