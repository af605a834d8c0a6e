"""``plainly import wordpress EXPORT.xml[.gz] --dry-run``: what an existing site would become."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from plainly.imports import report, wordpress, wxr


class Command(BaseCommand):
    help = (
        "Bring an existing site into Plainly. `wordpress EXPORT.xml[.gz]` reads a WordPress "
        "export (Tools, Export): with --dry-run, it reports what would be created, left behind "
        "or need a person, and the old addresses' new ones, and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", choices=["wordpress"], help="What kind of site it was.")
        parser.add_argument("path", type=Path, help="The export file (.xml or .xml.gz).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; write nothing."
        )

    def handle(self, *args, source, path, dry_run, **options):
        if not dry_run:
            raise CommandError(
                "Only the dry run is built so far: run it with --dry-run to see what the import "
                "would create. Nothing was written."
            )
        try:
            export, items = wxr.read(path)
            progress = tqdm(items, unit=" items", desc="Reading", disable=options["verbosity"] < 1)
            plan = wordpress.plan(export, progress)
        except wxr.WXRError as error:
            raise CommandError(str(error)) from None
        folder = report.save(plan, dry_run=True)
        self.stdout.write(report.as_text(plan, dry_run=True))
        self.stdout.write(f"Dry run: nothing was written. Report and address map in {folder}")
