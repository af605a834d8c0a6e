"""``plainly import wordpress EXPORT.xml[.gz]``: bring a WordPress site into Plainly."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Site

from plainly.imports import report, wordpress, writing, wxr


class Command(BaseCommand):
    help = (
        "Bring an existing site into Plainly. `wordpress EXPORT.xml[.gz]` reads a WordPress "
        "export (Tools, Export): categories become topics, posts questions, pages plain pages, "
        "with their comments and their old addresses redirected. Safe to run again. With "
        "--dry-run it reports what would be done and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", choices=["wordpress"], help="What kind of site it was.")
        parser.add_argument("path", type=Path, help="The export file (.xml or .xml.gz).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; write nothing."
        )
        parser.add_argument(
            "--draft", action="store_true", help="Import every page as a draft, published none."
        )
        parser.add_argument(
            "--media",
            type=Path,
            help="A copy of the old site's wp-content/uploads folder: its images are imported "
            "(nothing is fetched from the old site).",
        )

    def handle(self, *args, source, path, dry_run, draft, media, **options):
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: no such folder. Nothing was imported.")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None and not dry_run:
            raise CommandError("There is no default site to import into (Settings, Sites).")
        try:
            export, items = wxr.read(path)
            plan = wordpress.Plan(site=export.title or export.link, version=export.version)
            planner = wordpress.Planner(export, plan)
            outcome = writing.Outcome()
            origin = f"wordpress:{export.link or export.title or path.name}"
            shown = options["verbosity"] >= 1
            progress = tqdm(
                items,
                total=wxr.count_items(path) if shown else None,  # for the time left
                unit=" items",
                desc="Planning" if dry_run else "Importing",
                disable=not shown,
            )
            for item in progress:
                planned = planner.add(item)
                if dry_run:
                    continue
                try:
                    if item.type == "attachment":
                        writing.ensure_image(origin, item.attachment_url, media, outcome)
                    elif planned is not None:
                        writing.write_page(
                            origin, planned, item, site, draft=draft, outcome=outcome, media=media
                        )
                except Exception as error:  # one item's fault must not stop the rest
                    title = planned.title if planned else item.title or item.attachment_url
                    outcome.failed.append(f"“{title}” (id {item.id}): {error}")
        except wxr.WXRError as error:
            raise CommandError(str(error)) from None
        folder = report.save(plan, dry_run=dry_run, outcome=None if dry_run else outcome)
        self.stdout.write(
            report.as_text(plan, dry_run=dry_run, outcome=None if dry_run else outcome)
        )
        if dry_run:
            self.stdout.write(f"Dry run: nothing was written. Report and address map in {folder}")
        else:
            self.stdout.write(f"Report and address map in {folder}")
        if outcome.failed:  # the exit status says whether everything came across
            raise CommandError(
                f"{len(outcome.failed)} item(s) could not be imported: see “Not imported” above. "
                "Mend them and run the import again; what came across is not imported twice."
            )
