"""``plainly import wordpress EXPORT.xml[.gz]`` and ``plainly import pages PATH...``: bring an
existing site into Plainly."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Site

from plainly.imports import report, runs, wxr


class Command(BaseCommand):
    help = (
        "Bring an existing site into Plainly. `wordpress EXPORT.xml[.gz]` reads a WordPress "
        "export (Tools, Export): categories become topics, posts questions, pages plain pages, "
        "with their comments and their old addresses redirected. `pages PATH...` reads saved "
        "pages of an older site (files, or folders of a crawl) into questions with their "
        "readers' comments. Safe to run again. With --dry-run it reports what would be done "
        "and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", choices=["wordpress", "pages"], help="What to read.")
        parser.add_argument(
            "paths",
            nargs="+",
            type=Path,
            help="The export file (.xml or .xml.gz); or saved pages and folders of them.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; write nothing."
        )
        parser.add_argument(
            "--draft", action="store_true", help="Import every page as a draft, published none."
        )
        parser.add_argument(
            "--media",
            type=Path,
            help="wordpress: a copy of the old site's wp-content/uploads folder, whose files "
            "are imported (nothing is fetched from the old site).",
        )
        parser.add_argument(
            "--topic",
            default="Imported",
            help="pages: the topic of pages whose section cannot be told (default: Imported).",
        )
        parser.add_argument(
            "--day-first",
            action="store_true",
            help="pages: read dates like 11/07/2002 as 11 July, not 7 November.",
        )

    def handle(self, *args, source, paths, dry_run, draft, media, **options):
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: no such folder. Nothing was imported.")
        if media is not None and source != "wordpress":
            raise CommandError(
                "--media is for WordPress's uploads; saved pages' images are read from beside "
                "them. Nothing was imported."
            )
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path}: no such file or folder. Nothing was imported.")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None and not dry_run:
            raise CommandError("There is no default site to import into (Settings, Sites).")
        shown = options["verbosity"] >= 1

        def progress(items, total):
            return tqdm(
                items,
                total=total,  # for the time left
                unit=" items",
                desc="Planning" if dry_run else "Importing",
                disable=not shown,
            )

        common = {"site": site, "dry_run": dry_run, "draft": draft, "progress": progress}
        if source == "wordpress":
            if len(paths) != 1:
                raise CommandError("Give one WordPress export file.")
            try:
                plan, outcome = runs.import_wordpress(paths[0], media=media, **common)
            except wxr.WXRError as error:
                raise CommandError(str(error)) from None
        else:
            done = runs.import_pages(
                paths,
                topic=options["topic"].strip() or "Imported",
                day_first=options["day_first"],
                **common,
            )
            if done is None:
                raise CommandError(
                    "No saved pages (.html, .htm, .php...) were found. Nothing was imported."
                )
            plan, outcome = done
        folder = report.save(plan, dry_run=dry_run, outcome=outcome, kind=source)
        self.stdout.write(report.as_text(plan, dry_run=dry_run, outcome=outcome))
        if dry_run:
            self.stdout.write(f"Dry run: nothing was written. Report and address map in {folder}")
        else:
            self.stdout.write(f"Report and address map in {folder}")
        if outcome.failed and dry_run:
            raise CommandError(
                f"{len(outcome.failed)} item(s) could not be read: the report above names them."
            )
        if outcome.failed:  # the exit status says whether everything came across
            raise CommandError(
                f"{len(outcome.failed)} item(s) could not be imported: the report above names "
                "them. Mend them and run the import again; what came across is not imported "
                "twice."
            )
