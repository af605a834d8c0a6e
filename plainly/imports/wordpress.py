"""What a WordPress export becomes in Plainly: the plan an import follows, and a dry run reports.

Posts become questions under the topic of their first category, pages become plain pages, and
every comment keeps its author, date and place in its thread; the plan also says what is left
behind and what needs a person, and maps each old address to the new one."""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.text import slugify

from plainly.imports.content import Parts, doubts, parts_of
from plainly.imports.wxr import Comment, Export, Item

# WordPress's statuses, and what Plainly makes of them.
PUBLISHED = {"publish"}
DRAFTS = {"draft", "pending", "future", "private"}
# What readers wrote; pingbacks and trackbacks are notices between sites, not comments.
READERS_COMMENTS = {"", "comment"}
COMMENT_STATES = {"1": "approved", "0": "held", "spam": "spam"}
UNFILED = ("imported", "Imported")  # the topic of posts filed under no category
DEFAULT_CATEGORY = "uncategorized"  # WordPress's, for posts nobody filed: none, to Plainly


@dataclass
class PlannedComment:
    source_id: int
    author: str
    state: str  # approved, held or spam
    reply_to: int | None  # the source id of the comment it answers (the top of its thread)


@dataclass
class PlannedPage:
    """One post or page and what it becomes."""

    source_id: int
    kind: str  # "question" or "plain page"
    title: str
    slug: str
    topic: tuple[str, str] | None  # (slug, name) for a question
    publish: bool
    old_paths: list[str]
    byline: str = ""  # the author's name as the old site showed it
    comments: list[PlannedComment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what needs a person
    # A question's parts, found in its content: let go once written, so that a long export's
    # plan holds only the few words its report needs (found, dropped).
    parts: Parts | None = None
    found: list[str] = field(default_factory=list)  # how each part was found
    dropped: list[str] = field(default_factory=list)  # what its content lost
    doubtful: bool = False  # its structure was found with low confidence: a draft for an editor

    def take_parts(self, parts: Parts) -> None:
        self.parts, self.found, self.dropped = parts, parts.found, parts.dropped

    @property
    def new_path(self) -> str:
        return f"/{self.topic[0]}/{self.slug}/" if self.topic else f"/{self.slug}/"


@dataclass
class Plan:
    site: str
    version: str
    origin: str = "WordPress export"
    pages: list[PlannedPage] = field(default_factory=list)
    topics: dict[str, str] = field(default_factory=dict)  # slug: name
    attachments: int = 0
    dropped: Counter = field(default_factory=Counter)  # what is left behind, by kind

    @property
    def comments(self) -> Counter:
        return Counter(comment.state for page in self.pages for comment in page.comments)

    @property
    def needing_a_person(self) -> list[PlannedPage]:
        return [page for page in self.pages if page.notes]

    def addresses(self) -> list[tuple[str, str]]:
        """Each old address (path and query) with the new path it redirects to."""
        return [(old, page.new_path) for page in self.pages for old in page.old_paths]


def plan(export: Export, items) -> Plan:
    """What importing ``items`` would create, reading them once."""
    made = Plan(site=export.title or export.link, version=export.version)
    planner = Planner(export, made)
    for item in items:
        planner.add(item)
    return made


class Planner:
    """Plans items one at a time, into ``plan``: the importer writes each as it is planned."""

    def __init__(self, export: Export, plan: Plan):
        self.plan = plan
        self.names = {term.slug: term.name for term in export.categories}
        self.bylines = {author.login: author.display_name for author in export.authors}
        self.slugs_taken: dict[str | None, set[str]] = {}

    def add(self, item: Item) -> PlannedPage | None:
        """Plan ``item``; the page it becomes, or None if it becomes none."""
        made = self.plan
        if item.type == "attachment":
            made.attachments += 1
            return None
        if item.type not in {"post", "page"}:
            made.dropped[f"{item.type} items"] += 1
            return None
        if not (item.status in PUBLISHED or item.status in DRAFTS):
            made.dropped[f"{item.type}s in the trash or of status “{item.status}”"] += 1
            return None
        page = planned_page(item, self.names)
        if page.kind == "question":
            page.take_parts(parts_of(item.content, item.excerpt))
            unclear = doubts(page.parts)
            page.doubtful = bool(unclear)
            page.notes += unclear
        page.byline = self.bylines.get(item.author, "")
        taken = self.slugs_taken.setdefault(page.topic[0] if page.topic else None, set())
        page.slug = unique_slug(page.slug, taken)
        taken.add(page.slug)
        if page.topic:
            made.topics[page.topic[0]] = page.topic[1]
        for comment in item.comments:
            kept = planned_comment(comment, item.comments)
            if kept is None:
                made.dropped[dropped_comment_kind(comment)] += 1
            else:
                page.comments.append(kept)
        made.pages.append(page)
        return page


def planned_page(item: Item, category_names: dict[str, str]) -> PlannedPage:
    notes = []
    if item.type == "post":
        kind = "question"
        categories = [term for term in item.categories if term.slug != DEFAULT_CATEGORY]
        if categories:
            first = categories[0]
            topic = (first.slug, first.name or category_names.get(first.slug, first.slug))
            if len(categories) > 1:
                others = ", ".join(term.name or term.slug for term in categories[1:])
                notes.append(f"also filed under {others}: only its first category is kept")
        else:
            topic = UNFILED
            notes.append("filed under no category: placed in “Imported”")
    else:
        kind, topic = "plain page", None
    title = item.title.strip()[:255]  # as long as a page's title may be
    if not title:
        notes.append("has no title: give it a question")
        title = f"Untitled {item.type} {item.id}"
    if not item.content.strip():
        notes.append("has no content: write its answer")
    slug = item.slug or slugify(title) or f"{item.type}-{item.id}"
    publish = item.status in PUBLISHED
    if not publish:
        notes.append(f"was “{item.status}” in WordPress: imported as a draft")
    return PlannedPage(
        source_id=item.id,
        kind=kind,
        title=title,
        slug=slug,
        topic=topic,
        publish=publish,
        old_paths=old_paths(item),
        notes=notes,
    )


def old_paths(item: Item) -> list[str]:
    """The addresses readers and search engines know the item by: its permalink's path, and
    WordPress's ``?p=ID`` (``?page_id=ID`` for a page), which works whatever the permalinks."""
    paths = []
    link = urlsplit(item.link)
    if link.path not in {"", "/"} and not link.query:
        paths.append(link.path)
    key = "p" if item.type == "post" else "page_id"
    paths.append(f"/?{key}={item.id}")
    return paths


def planned_comment(comment: Comment, siblings: list[Comment]) -> PlannedComment | None:
    """What ``comment`` becomes, or None if it is left behind (trashed, or a pingback)."""
    state = COMMENT_STATES.get(comment.approved)
    if state is None or comment.type not in READERS_COMMENTS:
        return None
    return PlannedComment(
        source_id=comment.id,
        author=comment.author,
        state=state,
        reply_to=thread_top(comment, {each.id: each for each in siblings}),
    )


def thread_top(comment: Comment, by_id: dict[int, Comment]) -> int | None:
    """The comment that starts ``comment``'s thread, for a reply; Plainly's discussion has one
    level of replies, so a reply to a reply is attached to the top of its thread."""
    if not comment.parent:
        return None
    seen, current = set(), comment
    while current.parent and current.parent in by_id and current.parent not in seen:
        seen.add(current.parent)
        current = by_id[current.parent]
    return current.id if current is not comment else None


def dropped_comment_kind(comment: Comment) -> str:
    if comment.type not in READERS_COMMENTS:
        return f"{comment.type}s"
    if comment.approved == "trash":
        return "comments in the trash"
    return f"comments of status “{comment.approved}”"


def unique_slug(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... if another page under the same parent has it."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
