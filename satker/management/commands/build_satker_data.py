from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from satker.wilayah import DATA_FILE, build_rows, write_rows


class Command(BaseCommand):
    help = "Rebuild satker/data/satker.csv from the Kemendagri region list (ODbL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            required=True,
            help="Folder with provinces.csv and regencies.csv (../shared/data/wilayah).",
        )

    def handle(self, *args, source: Path, **options):
        for name in ("provinces.csv", "regencies.csv"):
            if not (source / name).is_file():
                raise CommandError(f"{source / name} does not exist.")
        rows = build_rows(source)
        write_rows(rows)
        self.stdout.write(f"Wrote {len(rows)} units to {DATA_FILE}.")
