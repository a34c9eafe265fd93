from django.core.management.base import BaseCommand

from satker.tree import seed_tree

# The first seeding creates all 553 units; name only a few, the count says the rest.
SHOWN_CODES = 20


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
        for verb, codes in (("created", result.created), ("updated", result.updated)):
            if codes:
                self.stdout.write(f"  {verb}: {shorten(codes)}")


def shorten(codes: list[str]) -> str:
    shown = ", ".join(codes[:SHOWN_CODES])
    return shown if len(codes) <= SHOWN_CODES else f"{shown}, ... ({len(codes)} in all)"
