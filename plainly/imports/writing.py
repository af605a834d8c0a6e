"""Writing an import: each planned page (with its topic, comments and old addresses) saved in a
transaction of its own, remembered by its source, so that a second run updates what changed,
duplicates nothing, and an interrupted run picks up where it stopped. Nobody is mailed."""

import hashlib
import html
import json
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from plainly.discussion import markup
from plainly.discussion.models import Comment
from plainly.imports.content import Parts, doubts, parts_of, text_of
from plainly.imports.models import ImportedItem
from plainly.imports.wordpress import PlannedPage
from plainly.imports.wxr import Comment as SourceComment
from plainly.imports.wxr import Item
from plainly.questions.blocks import ANSWER_FEATURES, SHORT_ANSWER_FEATURES, as_the_editor_saves
from plainly.questions.models import (
    PLAIN_PAGE_FEATURES,
    FAQItem,
    KeyFact,
    PlainPage,
    QuestionPage,
    Source,
    TopicPage,
    free_slug,
)


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    drafts_for_a_person: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    images: int = 0
    documents: int = 0
    missing_media: set[str] = field(default_factory=set)
    without_alt_text: list[str] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)  # of pages' content, by kind
    topics: dict = field(default_factory=dict)  # slug: the topic it became, in this run
    comments: int = 0
    redirects: int = 0

    def add(self, other: "Outcome") -> None:
        """Count ``other``'s, one page's, in with these."""
        for name in ("created", "updated", "unchanged", "images", "documents", "comments",
                     "redirects"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.drafts_for_a_person += other.drafts_for_a_person
        self.failed += other.failed
        self.missing_media |= other.missing_media
        self.without_alt_text += other.without_alt_text
        self.left_out.update(other.left_out)


def fingerprint(*values) -> str:
    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()


def remembered(source: str, kind: str, source_id) -> ImportedItem | None:
    return ImportedItem.objects.filter(source=source, kind=kind, source_id=str(source_id)).first()


def remember(source: str, kind: str, source_id, obj, digest: str = "") -> None:
    ImportedItem.objects.update_or_create(
        source=source,
        kind=kind,
        source_id=str(source_id),
        defaults={"object_id": obj.pk, "fingerprint": digest},
    )


def ensure_topic(source: str, slug: str, name: str, site: Site) -> TopicPage:
    """The topic a category became: made once, or an existing topic of the same slug."""
    record = remembered(source, "topic", slug)
    topic = TopicPage.objects.filter(pk=record.object_id).first() if record else None
    if topic is None:
        home = site.root_page
        topic = TopicPage.objects.child_of(home).filter(slug=slug).first()
        if topic is None:
            topic = TopicPage(title=name, slug=slug, intro=f"Questions about {name}.")
            home.add_child(instance=topic)
            topic.save_revision().publish()
        remember(source, "topic", slug, topic)
    return topic


UPLOADS = "/wp-content/uploads/"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}


def upload_of(url: str) -> str | None:
    """The path of ``url`` within the old site's uploads folder (``2026/03/map.png``), if it is
    one, and a path that stays inside it."""
    path = unquote(urlsplit(url).path)
    at = path.find(UPLOADS)
    if at < 0:
        return None
    relative = PurePosixPath(path[at + len(UPLOADS) :])
    if ".." in relative.parts or relative.is_absolute() or not relative.parts:
        return None
    return str(relative)


@dataclass
class Located:
    """Where the copy of one of the old site's files is, if there is one."""

    key: str  # what the library's copy of it is remembered by
    name: str  # its path among the old site's files: for its title and the report
    file: Path | None  # the copy to read

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name.split("?")[0]).suffix.lower()

    @property
    def present(self) -> bool:
        return self.file is not None and self.file.is_file()


class Uploads:
    """Where a WordPress site's files are found: a copy of its ``wp-content/uploads``."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def locate(self, url: str) -> Located | None:
        """The upload ``url`` names; None if it is not one of the site's uploads."""
        relative = upload_of(url)
        if relative is None:
            return None
        return Located(relative, relative, self.folder / relative if self.folder else None)


class SavedFiles:
    """Where a saved page's images and documents are found: beside it, in the folder it was
    saved in, and never outside that folder. A crawl's folder stands for the old site's root,
    so its addresses (``/images/x.png``, or the old site's own ``https://`` ones) are found in
    it too; a page saved on its own has only what it links to relatively."""

    def __init__(self, root: Path, page: Path, *, crawl: bool, hosts: set[str]):
        self.root, self.page, self.crawl = root.resolve(), page, crawl
        self.hosts = {host.lower().removeprefix("www.") for host in hosts if host}

    def locate(self, url: str) -> Located | None:
        parts = urlsplit(url.strip())
        path = unquote(parts.path)
        if parts.scheme not in {"", "http", "https"} or not path or path.endswith("/"):
            return None
        if parts.scheme or parts.netloc:
            if not self.crawl or parts.netloc.lower().removeprefix("www.") not in self.hosts:
                return None  # another site's file
            file = self.root / path.lstrip("/")
        elif path.startswith("/"):
            if not self.crawl:
                return None
            file = self.root / path.lstrip("/")
        else:
            file = self.page.parent / path
        try:
            file = file.resolve()
        except (OSError, ValueError, RuntimeError):  # a NUL in the name, a symlink loop
            return None
        if not file.is_relative_to(self.root):
            return None
        name = str(PurePosixPath(*file.relative_to(self.root).parts))
        if not file.is_file():
            return Located(f"{self.root.name}/{name}", name, None)
        # Known by its bytes: the same logo in two crawls is one image, two files of one
        # name in two folders are two.
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        return Located(f"sha256:{digest}", name, file)


def ensure_image(source: str, url: str, files, outcome: Outcome, *, alt: str = ""):
    """The Wagtail image made from the old site's file at ``url``, imported once however many
    pages show it; None, reported, if ``files`` has no copy of it."""
    found = files.locate(url) if files is not None else None
    if found is None:
        return None
    if found.suffix not in IMAGE_SUFFIXES:
        outcome.left_out["images of a kind the image library does not take"] += 1
        return None
    record = remembered(source, "image", found.key)
    image = get_image_model().objects.filter(pk=record.object_id).first() if record else None
    if image is not None:
        return image
    if not _present(found, outcome):
        return None
    try:
        with transaction.atomic(), found.file.open("rb") as opened:
            image = get_image_model()(
                title=_title_of(found.name),
                description=alt,
                file=ImageFile(opened, name=PurePosixPath(found.name).name),
            )
            image.save()
            remember(source, "image", found.key, image)
    except Exception:  # not an image after all (a saved error page): the page goes on
        outcome.left_out["image files that could not be read"] += 1
        return None
    outcome.images += 1
    return image


def ensure_document(source: str, url: str, files, outcome: Outcome):
    """The Wagtail document made from the old site's file at ``url`` (a PDF, a spreadsheet),
    imported once; None if it is not a document Plainly keeps, or (reported) not copied."""
    found = files.locate(url) if files is not None else None
    if found is None or found.suffix.lstrip(".") not in settings.WAGTAILDOCS_EXTENSIONS:
        return None
    record = remembered(source, "document", found.key)
    document = get_document_model().objects.filter(pk=record.object_id).first() if record else None
    if document is not None:
        return document
    if not _present(found, outcome):
        return None
    with transaction.atomic(), found.file.open("rb") as opened:
        document = get_document_model()(
            title=_title_of(found.name), file=File(opened, name=PurePosixPath(found.name).name)
        )
        document.save()
        remember(source, "document", found.key, document)
    outcome.documents += 1
    return document


def ensure_attachment(source: str, url: str, files, outcome: Outcome):
    """An attachment of the export as an image or a document of the library."""
    if PurePosixPath(upload_of(url) or "").suffix.lower() in IMAGE_SUFFIXES:
        return ensure_image(source, url, files, outcome)
    return ensure_document(source, url, files, outcome)


def _present(found: Located, outcome: Outcome) -> bool:
    if not found.present:
        outcome.missing_media.add(found.name)
        return False
    return True


def _title_of(relative: str) -> str:
    return PurePosixPath(relative).stem.replace("-", " ").replace("_", " ")


def with_documents(source: str, markup: str, files, outcome: Outcome) -> str:
    """``markup`` with its links to the old site's documents pointing to the same documents in
    the library (links to files not found are left as they were, and reported)."""
    if "href=" not in markup:
        return markup

    def replace(match):
        document = ensure_document(source, html.unescape(match[2]), files, outcome)
        return f"{match[1]}{html.escape(document.url)}{match[3]}" if document else match[0]

    return HREF.sub(replace, markup)


HREF = re.compile(r"""(<a\b[^>]*?\bhref=")([^"]*)(")""")


def write_page(
    source: str,
    planned: PlannedPage,
    item: Item,
    site: Site,
    *,
    draft: bool,
    outcome: Outcome,
    files=None,
    attachments: dict[int, str] | None = None,
):
    """Save one planned page, its comments and its redirects, all or nothing: what it adds to
    the run's ``outcome`` is added once it is saved. ``files`` (Uploads or SavedFiles) finds
    the images and documents it shows."""
    mine = Outcome(topics=outcome.topics)
    page, topic = _write_page(
        source, planned, item, site, draft=draft, outcome=mine, files=files, attachments=attachments
    )
    outcome.add(mine)
    if topic is not None:  # known to be saved now: later pages of the topic need not ask
        outcome.topics[planned.topic[0]] = topic
    return page


def _write_page(source, planned, item, site, *, draft, outcome, files, attachments):
    with transaction.atomic():
        topic = None
        if planned.topic:
            topic = outcome.topics.get(planned.topic[0]) or ensure_topic(
                source, *planned.topic, site
            )
        parent = (topic or site.root_page).specific
        kind = "question" if planned.kind == "question" else "plain page"
        digest = fingerprint(
            item.title,
            item.content,
            item.excerpt,
            item.status,
            planned.slug,
            item.date,  # read anew with --day-first, say
            item.meta,
            [tag.slug or tag.name for tag in item.tags],
        )
        record = remembered(source, kind, item.id)
        model = QuestionPage if kind == "question" else PlainPage
        page = model.objects.filter(pk=record.object_id).first() if record else None
        unchanged = page is not None and (
            record.fingerprint == digest
            or (
                record.fingerprint == _incomplete(digest)
                and not _files_arrived(source, item, planned, files, attachments)
            )
        )
        if unchanged:
            outcome.unchanged += 1
            if record.fingerprint != digest:
                outcome.left_out["pages still without some of their files"] += 1
        else:
            parts = None
            if kind == "question":
                parts = planned.parts or parts_of(item.content, item.excerpt)
            confident = kind != "question" or not (planned.doubtful or doubts(parts))
            if not confident:
                outcome.drafts_for_a_person.append(planned.title)
            if parts:
                parts.blocks = with_images(source, parts.blocks, files, outcome, planned)
                outcome.left_out.update(parts.dropped)
            fields = question_fields(item, parts) if parts else plain_page_fields(item)
            if parts:
                fields["byline"] = planned.byline[:120]
                fields["tags"] = [tag.name or tag.slug for tag in item.tags]
                # WordPress's featured image is what a shared link shows.
                featured = (attachments or {}).get(_int(item.meta.get("_thumbnail_id")))
                if featured:
                    fields["social_image"] = ensure_image(source, featured, files, outcome)
            for block in fields["body"] if parts else []:
                if block["type"] == "paragraph":
                    block["value"] = with_documents(source, block["value"], files, outcome)
            if not parts:
                fields["body"] = with_documents(source, fields["body"], files, outcome)
            if outcome.missing_media:  # imported again, whole, once the files are there
                digest = _incomplete(digest)
            publish = planned.publish and not draft and confident
            page = save(page, model, parent, planned, fields, publish=publish)
            remember(source, kind, item.id, page, digest)
            outcome.created += record is None
            outcome.updated += record is not None
        if kind == "question":
            outcome.comments += write_comments(source, page, item.comments, planned)
        if not unchanged:  # an unchanged page's old addresses lead to it already
            outcome.redirects += write_redirects(planned, page, site)
    return page, topic


def _incomplete(digest: str) -> str:
    """The fingerprint of a page imported without some of its files."""
    return "~" + digest[:63]


def _files_arrived(source, item: Item, planned: PlannedPage, files, attachments) -> bool:
    """Whether a file a page was imported without is there now (copied since the last run):
    an image it shows, a document a paragraph links to, its featured image."""
    if files is None:
        return False
    images = [value["src"] for kind, value in (planned.parts.blocks if planned.parts else [])
              if kind == "image"]  # fmt: skip
    featured = (attachments or {}).get(_int(item.meta.get("_thumbnail_id")))
    images += [featured] if featured else []
    if planned.parts:
        linked = "".join(value for kind, value in planned.parts.blocks if kind == "paragraph")
    else:
        linked = item.content  # a plain page's body
    documents = [html.unescape(match[2]) for match in HREF.finditer(linked)]
    for url, kinds, keeps in [
        *[(url, "image", IMAGE_SUFFIXES) for url in images],
        *[(url, "document", _document_suffixes()) for url in documents],
    ]:
        found = files.locate(url)
        wanted = found is not None and found.suffix in keeps and found.present
        if wanted and not remembered(source, kinds, found.key):
            return True
    return False


def _document_suffixes() -> set[str]:
    return {f".{extension}" for extension in settings.WAGTAILDOCS_EXTENSIONS}


@contextmanager
def search_index_unwatched(models):
    """Saves of ``models`` leave the search index alone meanwhile: a new page is saved three or
    four times, and indexed once afterwards is enough. For commands, not served requests: the
    signal is the whole process's."""
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def save(page, model, parent, planned: PlannedPage, fields: dict, *, publish: bool):
    # Wagtail indexes what a page refers to (facts, images) and its words at each of the many
    # saves a new page takes; once each, at the end, is enough: the import goes twice as fast.
    with disable_reference_index_auto_update(), search_index_unwatched([model, Page]):
        page = saved(page, model, parent, planned, fields, publish=publish)
    ReferenceIndex.create_or_update_for_object(page)
    search_index.insert_or_update_object(page)
    return page


def saved(page, model, parent, planned: PlannedPage, fields: dict, *, publish: bool):
    children = {
        name: fields.pop(name) for name in ("key_facts", "faq_items", "sources") if name in fields
    }
    tags = fields.pop("tags", None)
    if page is None:
        # Not live until published: a draft stays a draft.
        page = model(
            title=planned.title, slug=free_slug(parent, planned.slug), live=False, **fields
        )
        for name, rows in children.items():
            setattr(page, name, rows)
        if tags is not None:
            page.tags.set(tags)
        parent.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
        page.title = planned.title
        for name, value in fields.items():
            setattr(page, name, value)
        for name, rows in children.items():
            setattr(page, name, rows)
        if tags is not None:
            page.tags.set(tags)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def with_images(source, blocks, files, outcome: Outcome, planned: PlannedPage) -> list:
    """The body's blocks with each image found among the old site's files as an image block of
    the library's, and each one not found left out (and reported)."""
    kept = []
    for kind, value in blocks:
        if kind != "image":
            kept.append((kind, value))
            continue
        image = ensure_image(source, value["src"], files, outcome, alt=value["alt"])
        if image is None:
            if files is None or files.locate(value["src"]) is None:
                outcome.left_out["images from elsewhere than the old site's files"] += 1
            continue
        if not value["alt"]:
            outcome.without_alt_text.append(planned.title)
        chosen = {"image": image.pk, "alt_text": value["alt"], "decorative": False}
        kept.append(("image", {"image": chosen, "caption": value["caption"]}))
    return kept


def _int(text) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def question_fields(item: Item, parts: Parts) -> dict:
    answer = parts.short_answer or item.title
    when = item.date or timezone.now()
    return {
        "short_answer": as_the_editor_saves(f"<p>{html.escape(answer)}</p>", SHORT_ANSWER_FEATURES),
        "body": [
            {"type": kind, "value": as_the_editor_saves(value) if kind == "paragraph" else value}
            for kind, value in parts.blocks
        ],
        "byline": "",
        "last_reviewed": when.date(),
        "key_facts_heading": parts.key_facts_heading[:120] if parts.key_facts else "",
        # Numbered as the old page had them: without a sort order, PostgreSQL may show them
        # in any order.
        "key_facts": [
            KeyFact(text=text[:300], sort_order=number)
            for number, text in enumerate(text for text in parts.key_facts if text)
        ],
        "faq_items": [
            FAQItem(
                sort_order=number,
                question=question[:255],
                answer=as_the_editor_saves(
                    "".join(f"<p>{html.escape(p)}</p>" for p in answer.split("\n\n")) or "<p></p>",
                    ANSWER_FEATURES,
                ),
            )
            for number, (question, answer) in enumerate(parts.faq)
        ],
        "sources": [
            Source(
                sort_order=number,
                title=title[:300],
                url=url if url.startswith(("http://", "https://")) else "",
                accessed=when.date() if url.startswith(("http://", "https://")) else None,
            )
            for number, (title, url) in enumerate(parts.sources)
        ],
    }


def plain_page_fields(item: Item) -> dict:
    return {"body": as_the_editor_saves(item.content or "<p></p>", PLAIN_PAGE_FEATURES)}


def write_comments(source: str, page: QuestionPage, comments: list[SourceComment], planned) -> int:
    """Save the planned comments of ``page`` (tops of threads first, so that replies find them),
    creating the new, updating the changed and leaving the rest; how many are new. A few
    queries for the page's whole discussion, not a few for each comment."""
    by_id = {comment.id: comment for comment in comments}
    records = {
        record.source_id: record
        for record in ImportedItem.objects.filter(
            source=source,
            kind="comment",
            source_id__in=[str(kept.source_id) for kept in planned.comments],
        )
    }
    made = 0
    for replies in (False, True):
        new, new_records = [], []
        for kept in planned.comments:
            if (kept.reply_to is not None) != replies:
                continue
            original = by_id[kept.source_id]
            values = comment_values(page, original, kept, records)
            digest = fingerprint(values["parent_id"], original.content, kept.state, original.date)
            record = records.get(str(kept.source_id))
            if record is None:
                new.append((kept, Comment(**values), digest))
            elif record.fingerprint != digest:
                Comment.objects.filter(pk=record.object_id).update(**values)
                ImportedItem.objects.filter(pk=record.pk).update(fingerprint=digest)
        created = Comment.objects.bulk_create([comment for _, comment, _ in new])
        for (kept, _, digest), comment in zip(new, created, strict=True):
            record = ImportedItem(
                source=source,
                kind="comment",
                source_id=str(kept.source_id),
                object_id=comment.pk,
                fingerprint=digest,
            )
            new_records.append(record)
            records[record.source_id] = record
        ImportedItem.objects.bulk_create(new_records)
        made += len(new)
    return made


def comment_values(page, original: SourceComment, kept, records: dict) -> dict:
    parent = records.get(str(kept.reply_to)) if kept.reply_to else None
    body = comment_text(original.content)
    return {
        "page": page,
        "parent_id": parent.object_id if parent else None,
        "author_name": original.author[:60],
        "author_email": original.email if "@" in original.email else "",
        "body": body,
        "body_html": markup.render(body),
        "state": kept.state,
        "created_at": original.date or timezone.now(),
    }


def comment_text(content: str) -> str:
    """A comment's HTML as the plain text with a little Markdown Plainly stores, cut to the
    length a comment may have."""
    return text_of(content)[: markup.MAX_LENGTH] or "…"


def write_redirects(planned: PlannedPage, page, site: Site) -> int:
    made = 0
    for old in planned.old_paths:
        path = Redirect.normalise_path(old)
        parts = page.get_url_parts()
        if parts and path == Redirect.normalise_path(parts[2]):
            continue  # the old address is the new one
        _, created = Redirect.objects.update_or_create(
            old_path=path,
            site=site,
            defaults={"redirect_page": page, "is_permanent": True, "redirect_link": ""},
        )
        made += created
    return made
