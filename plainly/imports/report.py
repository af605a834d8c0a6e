"""The report of an import (or of a dry run): what is created, what is left behind, what needs a
person, and each old address with its new one. Saved under ``var/imports/``."""

import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from plainly.imports.wordpress import Plan


def counted(n: int, thing: str, things: str = "") -> str:
    return f"{n} {thing if n == 1 else (things or thing + 's')}"


def as_text(plan: Plan, *, dry_run: bool, outcome=None) -> str:
    comments = plan.comments
    questions = [page for page in plan.pages if page.kind == "question"]
    plain = [page for page in plan.pages if page.kind == "plain page"]
    verb = "would be" if dry_run else "were"
    published = sum(page.publish and not page.doubtful for page in questions)
    lines = [
        f"{plan.origin} of {plan.site}" + (f" (WXR {plan.version})" if plan.version else ""),
        "",
        f"{counted(len(plan.topics), 'topic')} {verb} created or reused: "
        + ", ".join(sorted(plan.topics.values())),
        f"{counted(len(questions), 'question')} ({published} published, "
        f"{counted(len(questions) - published, 'draft')}) and "
        f"{counted(len(plain), 'plain page')}",
        f"{counted(sum(comments.values()), 'comment')}: {comments['approved']} approved, "
        f"{comments['held']} held for moderation, {comments['spam']} marked as spam",
        *([f"{counted(plan.attachments, 'attachment')} found"] if plan.attachments else []),
        f"{counted(len(plan.addresses()), 'old address', 'old addresses')} {verb} redirected",
    ]
    files = "the uploads folder" if plan.version else "the saved pages' folders"
    if outcome is not None and not dry_run:
        lines += [
            "",
            f"Pages: {outcome.created} created, {outcome.updated} updated, "
            f"{outcome.unchanged} unchanged since the last run",
            f"{counted(outcome.comments, 'new comment')}, "
            f"{counted(outcome.redirects, 'new redirect')}",
        ]
        lines.append(
            f"{counted(outcome.images, 'new image')} and "
            f"{counted(outcome.documents, 'new document')} from {files}"
        )
        if outcome.left_out:
            lines += ["", "Left out of the pages' content:"]
            lines += [f"  {kind}: {count}" for kind, count in sorted(outcome.left_out.items())]
        if outcome.missing_media:
            lines += [
                "",
                f"Files not found in {files} (images left out, links to documents left as they "
                "were; the pages are imported again once the files are there):",
            ]
            lines += [f"  {path}" for path in sorted(outcome.missing_media)]
        if outcome.without_alt_text:
            lines += ["", "Images without alt text (describe them in the page editor):"]
            lines += [f"  {title}" for title in sorted(set(outcome.without_alt_text))]
        if outcome.drafts_for_a_person:
            lines += ["", "Imported as drafts for an editor (their structure was unclear):"]
            lines += [f"  {title}" for title in outcome.drafts_for_a_person]
    if outcome is not None and outcome.failed:
        lines += ["", "Not imported (nothing of them was saved):" if not dry_run else "Not read:"]
        lines += [f"  {failure}" for failure in outcome.failed]
    if plan.dropped:
        lines += ["", "Left behind:"]
        lines += [f"  {kind}: {count}" for kind, count in sorted(plan.dropped.items())]
    if plan.needing_a_person:
        lines += ["", "Needs a person:"]
        for page in plan.needing_a_person:
            lines.append(f"  “{page.title}” (id {page.source_id}, {page.new_path}):")
            lines += [f"    - {note}" for note in page.notes]
    return "\n".join(lines) + "\n"


def save(
    plan: Plan,
    *,
    dry_run: bool,
    outcome=None,
    now: datetime.datetime | None = None,
    kind: str = "wordpress",
) -> Path:
    """Write the report, the address map and a table of every page (how each part was found,
    what was left out, what needs a person: for imports too large to read as text) under
    ``var/imports/``; the folder written."""
    stamp = (now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    folder = Path(settings.VAR_DIR) / "imports" / f"{kind}-{stamp}{'-dry-run' if dry_run else ''}"
    folder.mkdir(parents=True, exist_ok=True)
    text = as_text(plan, dry_run=dry_run, outcome=outcome)
    (folder / "report.txt").write_text(text, encoding="utf-8")
    with (folder / "addresses.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["old address", "new address"])
        writer.writerows(plan.addresses())
    with (folder / "pages.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["source id", "kind", "title", "new address", "becomes", "comments", "found",
             "left out", "needs a person"]
        )  # fmt: skip
        for page in plan.pages:
            becomes = "published" if page.publish and not page.doubtful else "draft"
            writer.writerow(
                [page.source_id, page.kind, page.title, page.new_path, becomes,
                 len(page.comments), "; ".join(page.found), "; ".join(page.dropped),
                 "; ".join(page.notes)]
            )  # fmt: skip
    return folder
