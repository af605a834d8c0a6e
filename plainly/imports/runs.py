"""An import's run: each item read, planned and (unless it is a dry run) written, one at a
time, one item's failure stopping no other. Commands call these; the report is the caller's."""

from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.text import slugify
from wagtail.models import Site

from plainly.imports import wordpress, writing, wxr
from plainly.imports.wordpress import Plan, PlannedPage

# Wraps the items of a run (with how many there are) to show its progress, or not.
Progress = Callable[[Iterable, int], Iterable]


def _quietly(items: Iterable, total: int) -> Iterable:
    return items


def _let_go(planned: PlannedPage | None) -> None:
    """Forget a page's content once written: the plan of a long export stays small."""
    if planned is not None:
        planned.parts = None


def import_wordpress(
    path: Path,
    *,
    site: Site | None,
    dry_run: bool,
    draft: bool,
    media: Path | None,
    progress: Progress = _quietly,
) -> tuple[Plan, writing.Outcome]:
    """Import (or plan, for a dry run) a WordPress export; raises wxr.WXRError for a file that
    cannot be read at all."""
    outcome = writing.Outcome()
    export, items = wxr.read(path)
    plan = wordpress.Plan(site=export.title or export.link, version=export.version)
    planner = wordpress.Planner(export, plan)
    origin = f"wordpress:{export.link or export.title or path.name}"
    survey = wxr.survey(path)
    uploads = writing.Uploads(media)
    for item in progress(items, survey.items):
        planned = planner.add(item)
        if planned is not None and draft:
            planned.publish = False
        if dry_run:
            _let_go(planned)
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
        _let_go(planned)
    return plan, outcome


def import_pages(
    paths: list[Path],
    *,
    site: Site | None,
    dry_run: bool,
    draft: bool,
    topic: str,
    day_first: bool,
    progress: Progress = _quietly,
) -> tuple[Plan, writing.Outcome] | None:
    """Import (or plan) saved pages and crawls of an older site; None if there are none."""
    # Imported here: trafilatura, extruct and dateparser take 20 MB a WordPress import has no
    # use for.
    from plainly.imports import pages

    files = pages.files_under(paths)
    if not files:
        return None
    outcome = writing.Outcome()
    plan = wordpress.Plan(
        site=", ".join(str(path) for path in paths), version="", origin="Saved pages"
    )
    planner = pages.Planner(plan, topic=(slugify(topic) or "imported", topic))
    seen = set()
    for saved in progress(files, len(files)):
        try:
            raw = saved.path.read_bytes()
            if not pages.looks_like_html(raw):
                plan.dropped["files that are not HTML pages"] += 1
                continue
            old = pages.read(raw, saved.source_id, crawl_path=saved.crawl_path, day_first=day_first)
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
            _let_go(planned)
            continue
        try:
            writing.write_page(
                "pages",
                planned,
                pages.as_item(old, raw),
                site,
                draft=draft,
                outcome=outcome,
                files=writing.SavedFiles(
                    saved.root,
                    saved.path,
                    crawl=saved.crawl_path is not None,
                    hosts={saved.root.name, urlsplit(old.source_id).netloc},
                ),
            )
        except Exception as error:
            outcome.failed.append(f"“{planned.title}” ({saved.path}): {error}")
        _let_go(planned)
    return plan, outcome
