from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from satker.wilayah import DATA_FILE, build_rows, read_rows, write_rows


class Command(BaseCommand):
    help = (
        "Rebuild satker/data/satker.csv from the Kemendagri region list "
        "(idn-area-data, ODbL 1.0); --check only compares."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            required=True,
            help="Folder with provinces.csv and regencies.csv (../shared/data/wilayah).",
        )
        parser.add_argument(
            "--output", type=Path, default=DATA_FILE, help=f"Where to write (default {DATA_FILE})."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the output file differs from a rebuild.",
        )

    def handle(self, *args, source: Path, output: Path, check: bool, **options):
        for name in ("provinces.csv", "regencies.csv"):
            if not (source / name).is_file():
                raise CommandError(f"{source / name} does not exist.")
        rows = build_rows(source)
        if check:
            self._check(rows, source, output)
            return
        write_rows(rows, output)
        self.stdout.write(f"Wrote {len(rows)} units to {output}.")

    def _check(self, rows, source: Path, output: Path) -> None:
        # CI runs this so the shipped table cannot drift from its source.
        shipped = read_rows(output) if output.is_file() else []
        if shipped == rows:
            self.stdout.write(f"{output} matches {source}: {len(rows)} units.")
            return
        differing = sorted({row.code for row in set(rows) ^ set(shipped)})
        raise CommandError(
            f"{output} differs from a rebuild from {source} in {len(differing)} unit(s)"
            f"{': ' + ', '.join(differing[:10]) if differing else ' (their order)'}; "
            "rebuild it with `manage.py build_satker_data --source ...`."
        )
