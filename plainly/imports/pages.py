"""Saved pages of an older site read as questions: the title, byline and date, the main text
with its short answer, key facts, FAQ and sources, and the readers' comments, each with a note of
where it was found; navigation, advertisements, share links, related lists, comment forms and
footers left behind.

Structured data comes first (JSON-LD and microdata, read by extruct); trafilatura says which part
of the page holds the main text; rules of our own recover the structure of markup of every age:
semantic HTML5, ``div`` soup with telling classes, and tables of ``font`` tags with ``<br>``
between paragraphs."""

import datetime
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import dateparser
import extruct
import trafilatura
from bs4 import BeautifulSoup, NavigableString, Tag, UnicodeDammit
from django.utils import timezone
from django.utils.text import slugify

from plainly.imports.content import Parts, doubts, faq_from_json_ld, parts_of
from plainly.imports.wordpress import Plan, PlannedComment, PlannedPage, thread_top, unique_slug
from plainly.imports.wxr import Comment, Item

# Class and id words that mark the parts of a page around its text, and what they are.
AROUND = [
    ("navigation", r"nav|navbar|navigation|menu|topmenu|breadcrumbs?|crumbs|toc"),
    ("advertisements", r"ads?|adbox|adslot|ad-slot|ad-unit|advert\w*|sponsor\w*|banner|promo"),
    ("share links", r"share|sharebar|sharing|social|share-links|addthis"),
    ("related lists", r"related|alsolike|also-like|more-stories|popular|recommended"),
    ("side columns", r"sidebar|rightcol|right-col|widget|aside-widgets"),
    ("comment forms", r"comment-form|commentform|postcomment|respond|comment-respond"),
    ("sign-in boxes", r"login|loginbox|signin|signup|register|newsletter|subscribe"),
    ("headers and footers", r"hdr|ftr|footer|site-footer|site-header|masthead|copyright"),
    ("cookie notices", r"cookie\w*|consent"),
]
AROUND_WORDS = [(kind, re.compile(rf"^({words})$", re.I)) for kind, words in AROUND]
# Lines a page shows around its text, whatever the markup says.
AROUND_TEXT = [
    ("comment forms", re.compile(r"^(post|leave|add|write) (your |a )?(comments?|reply)\b", re.I)),
    ("sign-in boxes", re.compile(r"^forgot (your )?password\??$", re.I)),
    (
        "related lists",
        re.compile(
            r"^(you (might|may) also like|related (articles|questions|posts)|see also)\b", re.I
        ),
    ),
    ("advertisements", re.compile(r"^(advertisement|sponsored( links)?\b)", re.I)),
    ("share links", re.compile(r"^(share (this|on)\b|tweet this|email this|print this)", re.I)),
    ("headers and footers", re.compile(r"^(©|copyright\b|\(c\) \d{4})", re.I)),
]
DROPPED_TAGS = ["script", "style", "noscript", "iframe", "form", "nav", "button", "input",
                "select", "textarea", "object", "embed", "svg", "link", "meta"]  # fmt: skip

COMMENTS_REGION = re.compile(
    r"^(comments?|cmts|comment-list|commentlist|discussion|responses)$", re.I
)
COMMENTS_HEADING = re.compile(
    r"^\s*(discussion comments|comments|readers'? comments|\d+ (comments?|responses)|"
    r"responses|discussion)\s*:?\s*$",
    re.I,
)
A_COMMENT = {"comment", "cmt", "reply", "response", "review"}
BYLINE = re.compile(
    r"^\s*(?:written |posted )?by\s+(?P<name>[^,|·•\n]+?)(?=\s*(?:[,|·•\n]|\bon\b|\bupdated\b|"
    r"\blast\b|$))",
    re.I,
)
DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"(?:\d{1,2} )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"(?: \d{1,2},?)? \d{4}",
    re.I,
)
BULLET = re.compile(r"^\s*(?:[•·*▪►◦‣\-\u2013]|&bull;)\s*")  # \u2013: an en dash
REPLY = re.compile(r"^\s*@(?P<name>[\w.\-]+(?: [\w.\-]+)?)")
INLINE_TAGS = {"b", "strong", "i", "em", "a", "br", "sup", "sub", "img", "code", "abbr", "cite"}
TRANSPARENT = {"font", "span", "center", "small", "big", "u", "tt", "label", "tbody", "thead"}


@dataclass
class OldComment:
    number: int  # its place on the page, from 1
    author: str
    date: datetime.datetime | None
    text: str
    reply_to: int | None = None  # the number of the comment it answers, from an "@name"


@dataclass
class OldPage:
    """What one saved page holds, and how each part of it was found."""

    source_id: str  # its address on the old site, or its path in the crawl
    title: str = ""
    byline: str = ""
    reviewed: datetime.datetime | None = None
    content: str = ""  # the main text as clean HTML, for content.parts_of
    parts: Parts | None = None
    comments: list[OldComment] = field(default_factory=list)
    topic: tuple[str, str] | None = None  # (slug, name)
    old_paths: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what needs a person

    @property
    def confident(self) -> bool:
        """Whether the page's structure was found well enough to publish it unread."""
        return not self.notes


def read(
    raw: bytes, source_id: str, *, crawl_path: str | None = None, day_first: bool = False
) -> OldPage:
    """The question a saved page holds. Its source id is its canonical address if it names one,
    else ``source_id``; ``crawl_path`` is its path in a crawl of the old site, an old address."""
    text = UnicodeDammit(raw, is_html=True).unicode_markup or ""
    page = OldPage(source_id=source_id)
    data = structured_data(text)
    soup = BeautifulSoup(text, "html.parser")
    date_order = "DMY" if day_first else "MDY"

    page.title = _title(soup, data, text, page)
    _drop_title(soup, page.title)
    page.comments = _comments(soup, data, page, date_order)
    _byline(soup, data, page, date_order)
    page.topic = _topic(soup, data, page)
    page.old_paths = _old_paths(soup, data, crawl_path)
    page.source_id = _canonical(soup) or source_id
    _drop_around(soup, page)
    region = _main_region(soup, page)
    page.content = "".join(_blocks(region))
    page.parts = parts_of(page.content)
    if not page.parts.faq:
        faq = faq_from_json_ld(data["json-ld"])
        if faq:
            page.parts.faq = faq
            page.parts.found.append("FAQ from the page's FAQPage JSON-LD")
    # One list each, the page's findings first: the plan and the report read them from parts.
    page.found = page.parts.found = page.found + page.parts.found
    page.dropped = page.parts.dropped = page.dropped + page.parts.dropped
    if not page.title:
        page.notes.append("no title found: give it a question")
    page.notes += doubts(page.parts)
    return page


def structured_data(text: str) -> dict:
    try:
        data = extruct.extract(
            text, syntaxes=["json-ld", "microdata", "opengraph"], uniform=True, errors="ignore"
        )
    except Exception:  # a page's broken structured data must not stop its import
        data = {}
    return {key: data.get(key) or [] for key in ("json-ld", "microdata", "opengraph")}


def _things(data: dict, *types: str) -> list[dict]:
    """The JSON-LD and microdata items of the given schema.org types, @graph included."""
    found = []

    def visit(thing):
        if isinstance(thing, list):
            for each in thing:
                visit(each)
        elif isinstance(thing, dict):
            kind = thing.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(each in types for each in kinds):
                found.append(thing)
            visit(thing.get("@graph", []))

    visit(data["json-ld"])
    visit(data["microdata"])
    return found


ARTICLES = ("Article", "NewsArticle", "BlogPosting", "WebPage", "QAPage", "Question")


def _title(soup, data, text: str, page: OldPage) -> str:
    for thing in _things(data, *ARTICLES):
        name = thing.get("headline") or thing.get("name")
        if isinstance(name, str) and name.strip():
            page.found.append("title from the page's JSON-LD")
            return _words(name)
    for og in data["opengraph"]:
        if og.get("og:title"):
            page.found.append("title from its Open Graph title")
            return _words(og["og:title"])
    h1 = soup.find("h1")
    if h1 and _words(h1.get_text()):
        page.found.append("title from its <h1>")
        return _words(h1.get_text())
    metadata = trafilatura.extract_metadata(text)
    if metadata is not None and metadata.title:
        page.found.append("title from its <title>, without the site's name")
        return _words(metadata.title)
    return ""


def _drop_title(soup, title: str) -> None:
    """The question is the page's title: take it out of the text, where old pages repeat it."""
    body = soup.body or soup
    for string in body.find_all(string=True):
        if title and _words(string) == title:
            element = string.parent
            while element.parent is not None and _words(element.parent.get_text()) == title:
                element = element.parent
            element.decompose()
            return


def _parsed_date(text: str, date_order: str) -> datetime.datetime | None:
    if not text:
        return None
    when = dateparser.parse(
        text.strip(),
        languages=["en"],
        settings={"DATE_ORDER": date_order, "PREFER_DAY_OF_MONTH": "first"},
    )
    if when is None:
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when, datetime.UTC)
    return when


def _author_name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return _words(value) if isinstance(value, str) else ""


def _byline(soup, data, page: OldPage, date_order: str) -> None:
    """The writer's name and the date the page was last brought up to date (taken as its last
    review), from structured data or from the byline line, which is then dropped."""
    for thing in _things(data, *ARTICLES):
        if not page.byline and _author_name(thing.get("author")):
            page.byline = _author_name(thing.get("author"))
            page.found.append("byline from the page's JSON-LD")
        for key in ("dateModified", "datePublished"):
            if page.reviewed is None and isinstance(thing.get(key), str):
                page.reviewed = _parsed_date(thing[key], date_order)
                if page.reviewed:
                    page.found.append(f"date last reviewed from the JSON-LD's {key}")
    line = _byline_element(soup)
    if line is not None:
        author = line.find(attrs={"rel": "author"}) or line.find(class_=_has_word("author"))
        name = _words(author.get_text()) if author else ""
        if not name:
            match = BYLINE.match(_words(line.get_text(" ")))
            name = _words(match["name"]) if match else ""
        if name and not page.byline:
            page.byline = name
            page.found.append("byline from the byline under the title")
        if page.reviewed is None:
            time = line.find("time")
            when = (
                _parsed_date(time.get("datetime") or time.get_text(), date_order) if time else None
            )
            if when is None:
                match = DATE.search(line.get_text(" "))
                when = _parsed_date(match[0], date_order) if match else None
            if when is not None:
                page.reviewed = when
                page.found.append("date last reviewed from the byline")
        line.decompose()
    if page.reviewed is None:
        page.notes.append("no date found: check when it was last reviewed")


def _has_word(*words: str):
    def matches(classes):
        if not classes:
            return False
        tokens = classes.split() if isinstance(classes, str) else classes
        return any(word in token.lower() for token in tokens for word in words)

    return matches


def _byline_element(soup) -> Tag | None:
    """The short line that names the writer: marked as a byline, or a line beginning "By"."""
    for element in soup.find_all(class_=_has_word("byline", "postmeta", "post-meta", "entry-meta")):
        return element
    author = soup.find(attrs={"rel": "author"})
    if author is not None:
        return author.find_parent(["p", "div", "span", "font"]) or author
    for string in soup.find_all(string=BYLINE):
        element = string.parent
        while element.parent is not None and len(_words(element.parent.get_text())) < 120:
            element = element.parent
        if len(_words(element.get_text())) < 120:
            return element
    return None


def _topic(soup, data, page: OldPage) -> tuple[str, str] | None:
    """The section the old site filed the page under, from its breadcrumb trail."""
    for thing in _things(data, "BreadcrumbList"):
        items = thing.get("itemListElement") or []
        names = [_author_name(each.get("item")) or each.get("name", "") for each in items]
        names = [name for name in names if isinstance(name, str) and name.strip()]
        if len(names) >= 2:
            page.found.append("topic from the page's breadcrumb JSON-LD")
            return slugify(names[-2] if names[-1] == page.title else names[-1]), names[-2]
    trail = soup.find(class_=_has_word("breadcrumb", "crumbs")) or soup.find(
        id=_has_word("breadcrumb", "crumbs")
    )
    if trail is not None:
        names = [_words(link.get_text()) for link in trail.find_all("a")]
        names = [name for name in names if name and name.lower() != "home"]
        if names:
            page.found.append("topic from the page's breadcrumb trail")
            return slugify(names[-1]) or "imported", names[-1]
    return None


def _canonical(soup) -> str:
    link = soup.find("link", rel="canonical", href=True)
    url = link["href"].strip() if link else ""
    return url if url.startswith(("http://", "https://")) else ""


def _old_paths(soup, data, crawl_path: str | None) -> list[str]:
    """The addresses readers knew the page by: its canonical address, and its place in the crawl."""
    paths = []
    urls = [_canonical(soup)] if _canonical(soup) else []
    urls += [og["og:url"] for og in data["opengraph"] if og.get("og:url")]
    for url in urls:
        path = urlsplit(url).path
        if path not in {"", "/"} and path not in paths:
            paths.append(path)
    if crawl_path:
        crawled = "/" + crawl_path.lstrip("/")
        if crawled not in paths:
            paths.append(crawled)
    return paths


def _comments(soup, data, page: OldPage, date_order: str) -> list[OldComment]:
    """The readers' comments, in the order the page shows them, with their region dropped."""
    comments = []
    marked = soup.find_all(itemtype=re.compile(r"schema\.org/Comment$", re.I))
    if marked:
        for number, thing in enumerate(_things(data, "Comment"), start=1):
            comments.append(
                OldComment(
                    number=number,
                    author=_author_name(thing.get("author"))[:60] or "A reader",
                    date=_parsed_date(str(thing.get("dateCreated") or ""), date_order),
                    text=_paragraphs_of(str(thing.get("text") or "")),
                )
            )
        page.found.append(f"{len(comments)} comments from the page's microdata")
        region = _comments_region(soup)
        if region is not None and region.find("form"):
            page.dropped.append("comment forms")
        for element in marked:
            element.decompose()
        if region is not None:
            region.decompose()
    else:
        region = _comments_region(soup)
        if region is None:
            return []
        for unit in _comment_units(region):
            comment = _comment_of(unit, len(comments) + 1, date_order)
            if comment is not None:
                comments.append(comment)
        if comments:
            page.found.append(f"{len(comments)} comments from the page's discussion section")
        region.decompose()
    _find_replies(comments)
    return comments


def _comments_region(soup) -> Tag | None:
    for element in soup.find_all(True):
        words = [element.get("id", ""), *element.get("class", [])]
        if any(COMMENTS_REGION.match(word) for word in words if word):
            return element
    for string in soup.find_all(string=COMMENTS_HEADING):
        heading = string.parent
        # The list after the heading: its next table, list or block of comments.
        following = heading.find_next(["table", "ul", "ol", "div", "section"])
        if following is not None:
            marker = heading
            while marker.parent is not None and marker.parent.name in TRANSPARENT | {"b", "strong"}:
                marker = marker.parent
            marker.decompose()
            return following
    return None


def _comment_units(region) -> list[Tag]:
    units = [
        element
        for element in region.find_all(True)
        if A_COMMENT & {word.lower() for word in element.get("class", [])}
    ]
    if units:
        return units
    for tags in (["tr"], ["li"], ["article"], ["p", "div"]):
        units = region.find_all(tags)
        if units:
            return units
    return []


def _comment_of(unit, number: int, date_order: str) -> OldComment | None:
    author = unit.find(attrs={"itemprop": "author"}) or unit.find(
        class_=_has_word("name", "author", "commenter", "user")
    )
    if author is None:
        author = unit.find(["b", "strong", "cite"])
    time = unit.find("time")
    dated = unit.find(class_=_has_word("date", "time"))
    when, date_text = None, ""
    if time is not None:
        date_text = time.get_text()
        when = _parsed_date(time.get("datetime") or date_text, date_order)
    elif dated is not None:
        date_text = dated.get_text()
        when = _parsed_date(date_text, date_order)
    body = unit.find(attrs={"itemprop": "text"}) or unit.find(
        class_=_has_word("text", "body", "content", "message")
    )
    if body is None:
        # The comment is what is left when its line of name and date is taken away.
        meta = author or time or dated
        while meta is not None and meta.parent is not unit and meta.parent is not None:
            rest = len(_words(meta.parent.get_text())) - len(_words(meta.get_text()))
            if rest > 40:
                break
            meta = meta.parent
        if meta is not None:
            if when is None:
                match = DATE.search(meta.get_text(" "))
                when = _parsed_date(match[0], date_order) if match else None
            name = _words(author.get_text()) if author else ""
            meta.extract()
        else:
            name = ""
        body = unit
    else:
        name = _words(author.get_text()) if author else ""
    text = _paragraphs_of(str(body))
    if not text:
        return None
    return OldComment(number=number, author=name[:60] or "A reader", date=when, text=text)


def _find_replies(comments: list[OldComment]) -> None:
    """An "@name" reply answers the latest earlier comment of that name."""
    for index, comment in enumerate(comments):
        match = REPLY.match(comment.text)
        if not match:
            continue
        for earlier in reversed(comments[:index]):
            name = earlier.author.lower()
            if match["name"].lower() == name or match["name"].lower().startswith(name + " "):
                comment.reply_to = earlier.number
                break


def _drop_around(soup, page: OldPage) -> None:
    """Take away what surrounds the text, noting each kind once per page."""
    kinds = set()
    for element in soup.find_all(DROPPED_TAGS):
        if element.name == "form":
            kinds.add("comment forms" if "comment" in str(element.get("action", "")) else "forms")
        elif element.name == "nav":
            kinds.add("navigation")
        element.decompose()
    for element in soup.find_all(["header", "footer"]):
        if element.find_parent("article") is None:
            kinds.add("headers and footers")
            element.decompose()
    for element in soup.find_all(True):
        if element.decomposed:
            continue
        words = [element.get("id", ""), *element.get("class", [])]
        for kind, pattern in AROUND_WORDS:
            if any(pattern.match(word) for word in words if word):
                kinds.add(kind)
                element.decompose()
                break
    for image in soup.find_all("img"):
        if "/ads/" in image.get("src", "") or image.get("alt", "").lower() == "advertisement":
            kinds.add("advertisements")
            image.decompose()
    for string in soup.find_all(string=True):
        if string.parent is None or not string.strip():
            continue
        for kind, pattern in AROUND_TEXT:
            if pattern.match(string.strip()):
                kinds.add(kind)
                _drop_line(string, kind)
                break
    page.dropped += sorted(kinds)


def _drop_line(string, kind: str) -> None:
    """Drop the element a boilerplate line stands in (and, for a heading of related links, the
    list under it)."""
    element = string.parent
    while element.parent is not None and _words(element.parent.get_text()) == _words(string):
        element = element.parent
    if kind == "related lists":
        following = element.find_next_sibling(["ul", "ol", "div"])
        if following is not None:
            following.decompose()
    if element.name in {"body", "html", "[document]"}:
        string.extract()
    else:
        element.decompose()


def _main_region(soup, page: OldPage) -> Tag:
    """The element that holds the main text: the smallest one holding nearly all of what
    trafilatura takes to be the page's text."""
    body = soup.body or soup
    extracted = trafilatura.extract(
        str(soup), output_format="txt", favor_recall=True, include_comments=False
    )
    # Its paragraphs (and, for a layout table, its cells), each weighed by its length.
    pieces = [
        _words(piece) for piece in re.split(r"\n| \| |^\| | \|$", extracted or "", flags=re.M)
    ]
    pieces = [piece.strip("| ") for piece in pieces if len(piece.strip("| ")) > 20]
    if not pieces:
        page.notes.append("the main text could not be told apart: check what was imported")
        return body
    total = sum(len(piece) for piece in pieces)
    best, best_length = body, len(_words(body.get_text(" ")))
    for element in body.find_all(["div", "td", "article", "main", "section", "table"]):
        text = _words(element.get_text(" "))
        if len(text) >= best_length:
            continue
        held = sum(len(piece) for piece in pieces if piece[:40] in text)
        if held >= 0.85 * total:
            best, best_length = element, len(text)
    page.found.append("main text located by trafilatura")
    return best


def _blocks(node):
    """``node``'s content as clean block HTML: headings, paragraphs, lists, quotes, FAQ details
    and images, whatever the markup held them in."""
    run: list = []
    for child in list(node.children):
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, doctype or CDATA
                run.append(html.escape(str(child)))
            continue
        name = child.name
        if name in TRANSPARENT and not child.find(["p", "div", "table", "ul", "ol", "h2", "h3"]):
            run.append(_inline(child))
            continue
        if name in INLINE_TAGS:
            run.append(_inline(child) if name != "br" else "<br>")
            continue
        yield from _lines(run)
        run = []
        yield from _block(child)
    yield from _lines(run)


def _block(element):
    name = element.name
    words = {word.lower() for word in element.get("class", [])}
    text = _words(element.get_text(" "))
    if not text and not element.find("img"):
        return
    if name in {"h1", "h2"}:
        yield f"<h2>{html.escape(text)}</h2>"
    elif name in {"h3", "h4", "h5", "h6"}:
        yield f"<h3>{html.escape(text)}</h3>"
    elif name in {"ul", "ol"}:
        items = "".join(f"<li>{_inline(li)}</li>" for li in element.find_all("li"))
        yield f"<{name}>{items}</{name}>"
    elif name in {"blockquote", "details", "figure", "img"}:
        yield str(element)
    elif name == "p":
        yield from _lines([_inline(element)])
    elif name == "table":
        yield from _table(element)
    elif any(word == "fact" or word.endswith("-fact") or word == "keyfact" for word in words):
        yield f"<ul><li>{_inline(element)}</li></ul>"
    elif any(word in {"faq-q", "question", "q"} for word in words):
        yield f"<h3>{html.escape(text)}</h3>"
    elif len(text) <= 120 and any(
        word.endswith(("title", "heading", "head")) or word.startswith("subhead") for word in words
    ):
        yield f"<h2>{html.escape(text)}</h2>"
    elif not element.find(["p", "div", "table", "ul", "ol", "h2", "h3", "h4", "blockquote"]):
        yield from _lines([_inline(element)])
    else:
        yield from _blocks(element)


def _table(table):
    """A layout table's cells read in order, each cell a run of its own."""
    for cell in table.find_all(["td", "th"]):
        if cell.find_parent("table") is table:
            yield from _blocks(cell)


def _lines(run: list):
    """Loose inline content as paragraphs: lines separated by ``<br>``, a blank line between
    paragraphs; a line all in bold is a heading, lines starting with a bullet a list, and a
    "Q:" line with its "A:" line one FAQ paragraph."""
    content = "".join(run)
    if not _words(BeautifulSoup(content, "html.parser").get_text()):
        return
    lines = [line.strip() for line in re.split(r"<br\s*/?>|\n\s*\n", content)]
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush():
        if paragraph:
            yield f"<p>{' <br>'.join(paragraph) if _is_qa(paragraph) else ' '.join(paragraph)}</p>"
            paragraph.clear()
        if bullets:
            yield "<ul>" + "".join(f"<li>{item}</li>" for item in bullets) + "</ul>"
            bullets.clear()

    for line in lines:
        plain = _words(BeautifulSoup(line, "html.parser").get_text())
        if not plain:
            yield from flush()
            continue
        if re.fullmatch(r"\s*<(b|strong)>[^<]{1,120}</\1>\s*:?\s*", line):
            yield from flush()
            yield f"<h2>{html.escape(plain)}</h2>"
        elif BULLET.match(plain) and not re.match(r"^\s*-?\d", plain):
            if paragraph:
                yield from flush()
            bullets.append(BULLET.sub("", line, count=1))
        else:
            if bullets or (paragraph and re.match(r"^Q\s*[:.]", plain, re.I)):
                yield from flush()
            paragraph.append(line)
    yield from flush()


def _is_qa(lines: list[str]) -> bool:
    return bool(lines) and bool(
        re.match(r"^\s*Q\s*[:.]", BeautifulSoup(lines[0], "html.parser").get_text(), re.I)
    )


def _inline(element) -> str:
    """An element's inline content as HTML: text, emphasis, links and line breaks."""
    out = []
    for child in element.children if isinstance(element, Tag) else []:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                out.append(html.escape(str(child)))
        elif child.name == "br":
            out.append("<br>")
        elif child.name in {"b", "strong"}:
            out.append(f"<b>{_inline(child)}</b>")
        elif child.name in {"i", "em"}:
            out.append(f"<i>{_inline(child)}</i>")
        elif child.name == "a" and child.get("href", "").startswith(("http://", "https://", "/")):
            out.append(f'<a href="{html.escape(child["href"])}">{_inline(child)}</a>')
        elif child.name == "img":
            out.append(str(child))
        else:
            out.append(_inline(child))
    return "".join(out)


def _paragraphs_of(markup: str) -> str:
    """A comment's text, its paragraphs kept."""
    soup = BeautifulSoup(markup.replace("<br>", "\n").replace("<br/>", "\n"), "html.parser")
    for block in soup.find_all(["p", "div"]):
        block.insert_after("\n\n")
    return "\n\n".join(
        " ".join(chunk.split()) for chunk in re.split(r"\n\s*\n", soup.get_text()) if chunk.strip()
    )


def _words(text: str) -> str:
    return " ".join(str(text).split())


@dataclass
class SavedFile:
    path: Path
    source_id: str  # what a later run knows it by: its crawl's name and path, or its full path
    crawl_path: str | None = None  # its path in a crawl of the old site: an old address


def files_under(paths: list[Path]) -> list[SavedFile]:
    """Each saved page under ``paths`` (files, or folders of a crawl), in a stable order."""
    found = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.suffix.lower() in {".html", ".htm", ""}:
                    crawl_path = str(PurePosixPath(*file.relative_to(path).parts))
                    found.append(SavedFile(file, f"{path.resolve().name}/{crawl_path}", crawl_path))
        else:
            found.append(SavedFile(path, str(path.resolve())))
    return found


class Planner:
    """Plans saved pages one at a time, into ``plan``, as the WordPress planner plans posts."""

    def __init__(self, plan: Plan, *, topic: tuple[str, str]):
        self.plan = plan
        self.topic = topic  # for pages the old site filed nowhere we can tell
        self.slugs_taken: dict[str, set[str]] = {}

    def add(self, old: OldPage, folder_topic: tuple[str, str] | None = None) -> PlannedPage:
        topic = old.topic or folder_topic or self.topic
        slug = slugify(old.title) or slugify(PurePosixPath(old.source_id).stem) or "page"
        taken = self.slugs_taken.setdefault(topic[0], set())
        slug = unique_slug(slug[:80].rstrip("-"), taken)
        taken.add(slug)
        notes = list(old.notes)
        if not old.topic and not folder_topic:
            notes.append(f"no section found on the page: placed in “{topic[1]}”")
        planned = PlannedPage(
            source_id=old.source_id,
            kind="question",
            title=old.title or f"Untitled page {old.source_id}",
            slug=slug,
            topic=topic,
            publish=True,
            old_paths=old.old_paths,
            byline=old.byline,
            notes=notes,
            doubtful=not old.confident,
        )
        planned.take_parts(old.parts)
        sources = {c.number: Comment(c.number, "", "", "", None, "", "1", c.reply_to or 0, "")
                   for c in old.comments}  # fmt: skip
        for comment in old.comments:
            top = thread_top(sources[comment.number], sources)
            planned.comments.append(
                PlannedComment(
                    source_id=comment_id(old, comment.number),
                    author=comment.author,
                    state="approved",
                    reply_to=comment_id(old, top) if top else None,
                )
            )
        self.plan.topics[topic[0]] = topic[1]
        self.plan.pages.append(planned)
        return planned


def comment_id(old: OldPage, number: int) -> str:
    """A comment's source id: its page's, and its place on the page."""
    return f"{old.source_id}#comment-{number}"


def as_item(old: OldPage, raw: bytes) -> Item:
    """The page in the shape the writer takes, with a digest of the file, so that a second
    import of an unchanged page changes nothing."""
    return Item(
        id=old.source_id,
        type="post",
        title=old.title,
        link=old.source_id,
        slug="",
        status="publish",
        date=old.reviewed,
        author=old.byline,
        content=old.content,
        excerpt="",
        parent=0,
        attachment_url="",
        comments=[
            Comment(
                id=comment_id(old, comment.number),
                author=comment.author,
                email="",
                url="",
                date=comment.date,
                content=html.escape(comment.text),
                approved="1",
                parent=comment_id(old, comment.reply_to) if comment.reply_to else 0,
                type="comment",
            )
            for comment in old.comments
        ],
        meta={"digest": hashlib.sha256(raw).hexdigest()},
    )


def folder_topic(crawl_path: str) -> tuple[str, str] | None:
    """A crawl's first folder as the topic of the pages in it (``health/why.html``: Health)."""
    parts = PurePosixPath(crawl_path).parts
    if len(parts) < 2:
        return None
    name = parts[0].replace("-", " ").replace("_", " ").strip().capitalize()
    return (slugify(parts[0]), name) if slugify(parts[0]) else None
