"""``plainly import wordpress EXPORT.xml[.gz]`` and ``plainly import pages PATH...``: bring an
existing site into Plainly."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from tqdm import tqdm
from wagtail.models import Site

from plainly.imports import report, wordpress, writing, wxr


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
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path}: no such file or folder. Nothing was imported.")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None and not dry_run:
            raise CommandError("There is no default site to import into (Settings, Sites).")
        self.shown = options["verbosity"] >= 1
        outcome = writing.Outcome()
        if source == "wordpress":
            if len(paths) != 1:
                raise CommandError("Give one WordPress export file.")
            plan = self.import_wordpress(paths[0], site, dry_run, draft, media, outcome)
        else:
            plan = self.import_pages(paths, site, dry_run, draft, options, outcome)
        folder = report.save(plan, dry_run=dry_run, outcome=outcome, kind=source)
        self.stdout.write(report.as_text(plan, dry_run=dry_run, outcome=outcome))
        if dry_run:
            self.stdout.write(f"Dry run: nothing was written. Report and address map in {folder}")
        else:
            self.stdout.write(f"Report and address map in {folder}")
        if outcome.failed:  # the exit status says whether everything came across
            raise CommandError(
                f"{len(outcome.failed)} item(s) could not be imported: see “Not imported” above. "
                "Mend them and run the import again; what came across is not imported twice."
            )

    def progress(self, items, total, dry_run):
        return tqdm(
            items,
            total=total,  # for the time left
            unit=" items",
            desc="Planning" if dry_run else "Importing",
            disable=not self.shown,
        )

    @staticmethod
    def let_go(planned) -> None:
        """Forget a page's content once written: the plan of a long export stays small."""
        if planned is not None:
            planned.parts = None

    def import_wordpress(self, path, site, dry_run, draft, media, outcome):
        try:
            export, items = wxr.read(path)
            plan = wordpress.Plan(site=export.title or export.link, version=export.version)
            planner = wordpress.Planner(export, plan)
            origin = f"wordpress:{export.link or export.title or path.name}"
            survey = wxr.survey(path)
            uploads = writing.Uploads(media)
            for item in self.progress(items, survey.items, dry_run):
                planned = planner.add(item)
                if planned is not None and draft:
                    planned.publish = False
                if dry_run:
                    self.let_go(planned)
                    continue
                try:
                    if item.type == "attachment":
                        writing.ensure_attachment(origin, item.attachment_url, uploads, outcome)
                    elif planned is not None:
                        writing.write_page(
                            origin,
                            planned,
                            item,
                            site,
                            draft=draft,
                            outcome=outcome,
                            files=uploads,
                            attachments=survey.attachments,
                        )
                except Exception as error:  # one item's fault must not stop the rest
                    title = planned.title if planned else item.title or item.attachment_url
                    outcome.failed.append(f"“{title}” (id {item.id}): {error}")
                self.let_go(planned)
        except wxr.WXRError as error:
            raise CommandError(str(error)) from None
        return plan

    def import_pages(self, paths, site, dry_run, draft, options, outcome):
        # Imported here: trafilatura, extruct and dateparser take 20 MB a WordPress import
        # has no use for.
        from plainly.imports import pages

        files = pages.files_under(paths)
        if not files:
            raise CommandError("No saved pages (.html or .htm) were found. Nothing was imported.")
        name = options["topic"].strip() or "Imported"
        plan = wordpress.Plan(
            site=", ".join(str(path) for path in paths), version="", origin="Saved pages"
        )
        planner = pages.Planner(plan, topic=(slugify(name) or "imported", name))
        seen = set()
        for saved in self.progress(files, len(files), dry_run):
            try:
                raw = saved.path.read_bytes()
                if not pages.looks_like_html(raw):
                    plan.dropped["files that are not HTML pages"] += 1
                    continue
                old = pages.read(
                    raw,
                    saved.source_id,
                    crawl_path=saved.crawl_path,
                    day_first=options["day_first"],
                )
            except Exception as error:  # one page's fault must not stop the rest
                outcome.failed.append(f"{saved.path}: could not be read ({error})")
                continue
            if old.source_id in seen:  # a print version, a second page of it: one question
                plan.dropped["copies of a page already read (the same canonical address)"] += 1
                continue
            seen.add(old.source_id)
            in_folder = pages.folder_topic(saved.crawl_path) if saved.crawl_path else None
            planned = planner.add(old, in_folder)
            if draft:
                planned.publish = False
            if dry_run:
                self.let_go(planned)
                continue
            try:
                item = pages.as_item(old, raw)
                writing.write_page(
                    "pages",
                    planned,
                    item,
                    site,
                    draft=draft,
                    outcome=outcome,
                    files=writing.SavedFiles(saved.root, saved.path),
                )
            except Exception as error:
                outcome.failed.append(f"“{planned.title}” ({saved.path}): {error}")
            self.let_go(planned)
        return plan
