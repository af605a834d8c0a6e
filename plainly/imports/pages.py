"""Saved pages of an older site read as questions: the title, byline and date, the main text
with its short answer, key facts, FAQ and sources, and the readers' comments, each with a note of
where it was found; navigation, advertisements, share links, related lists, comment forms and
footers left behind.

Structured data comes first (JSON-LD and microdata, read by extruct); trafilatura says which part
of the page holds the main text; rules of our own recover the structure of markup of every age:
semantic HTML5, ``div`` soup with telling classes, and tables of ``font`` tags with ``<br>``
between paragraphs."""

import copy
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

from plainly.imports.content import (
    Parts,
    doubts,
    faq_from_json_ld,
    inline_html,
    parts_of,
    plain_words,
    schema_things,
    text_of,
)
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
# Lines a page shows around its text, whatever the markup says: whole short lines, never the
# start of a paragraph ("Share this with your doctor...").
AROUND_TEXT = [
    ("comment forms", r"(post|leave|add|write) (your |a )?(comments?|reply)"),
    ("sign-in boxes", r"forgot (your )?password\??"),
    ("related lists", r"(you (might|may) also like|related (articles|questions|posts|stories))"),
    ("advertisements", r"(advertisements?|sponsored( links)?)|sponsored( links)?: .*"),
    ("share links", r"share( this( page| article)?| on \w+)?|tweet( this)?|email this|print this"),
    ("headers and footers", r"(©|copyright ?(©|\(c\)|\d{4})|\(c\) \d{4}).*"),
]
AROUND_LINES = [(kind, re.compile(rf"^(?:{line})\s*[:!.]?$", re.I)) for kind, line in AROUND_TEXT]
SHORT_LINE = 80  # characters: longer text is the page's own
DROPPED_TAGS = ["script", "style", "noscript", "iframe", "nav", "button", "input", "select",
                "textarea", "object", "embed", "svg", "link", "meta"]  # fmt: skip

COMMENTS_REGION = re.compile(
    r"^(comments?|cmts|comment-list|commentlist|discussion|responses)$", re.I
)
COMMENTS_HEADING = re.compile(
    r"^\s*(discussion comments|comments|readers'? comments|responses|"
    r"(\d+|one|no) (comments?|responses?|repl(y|ies)|thoughts?)( (to|on) .*)?)\s*:?\s*$",
    re.I,
)
A_COMMENT = {"comment", "cmt", "response", "review", "comment-item"}  # classes of one comment
# "By Dot Pemberton, updated ...": a name of up to four words, without digits.
BYLINE = re.compile(
    r"^\s*(?i:(?:written |posted )?by)\s+(?P<name>[A-Za-z][\w.'\-]*(?: [A-Za-z][\w.'\-]*){0,3}?)"
    r"(?=\s*(?:[,|·•\n(]|\b(?i:on|updated|last|in)\b|$))"
)
DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"(?:\d{1,2} )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"(?: \d{1,2}(?:st|nd|rd|th)?,?)? \d{4}",
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
    date_text: str = ""  # the date as the page wrote it


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
    """The page's JSON-LD and microdata items of the given schema.org types."""
    return schema_things(data["json-ld"], *types) + schema_things(data["microdata"], *types)


ARTICLES = ("Article", "NewsArticle", "BlogPosting", "WebPage", "QAPage", "Question")


def _title(soup, data, text: str, page: OldPage) -> str:
    for thing in _things(data, *ARTICLES):
        name = thing.get("headline") or thing.get("name")
        if isinstance(name, str) and name.strip():
            page.found.append("title from the page's JSON-LD")
            return plain_words(name)
    for og in data["opengraph"]:
        if og.get("og:title"):
            page.found.append("title from its Open Graph title")
            return plain_words(og["og:title"])
    h1 = soup.find("h1")
    if h1 and plain_words(h1.get_text()):
        page.found.append("title from its <h1>")
        return plain_words(h1.get_text())
    metadata = trafilatura.extract_metadata(text)
    if metadata is not None and metadata.title:
        page.found.append("title from its <title>, without the site's name")
        return plain_words(metadata.title)
    return ""


def _drop_title(soup, title: str) -> None:
    """The question is the page's title: take it out of the text, where old pages repeat it."""
    body = soup.body or soup
    for string in body.find_all(string=True):
        if title and plain_words(string) == title:
            _drop_line(string)
            return


def _parsed_date(text: str, date_order: str) -> datetime.datetime | None:
    if not text:
        return None
    when = dateparser.parse(
        text.strip(),
        languages=["en"],
        settings={
            "DATE_ORDER": date_order,
            "PREFER_DAY_OF_MONTH": "first",
            # "2 days ago" on a saved page says nothing of when: read today, it would move.
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        },
    )
    if when is None:
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when, datetime.UTC)
    return when


def _name_of(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return plain_words(value) if isinstance(value, str) else ""


def _byline(soup, data, page: OldPage, date_order: str) -> None:
    """The writer's name and the date the page was last brought up to date (taken as its last
    review), from structured data or from the byline line, which is then dropped."""
    for thing in _things(data, *ARTICLES):
        if not page.byline and _name_of(thing.get("author")):
            page.byline = _name_of(thing.get("author"))
            page.found.append("byline from the page's JSON-LD")
        for key in ("dateModified", "datePublished"):
            if page.reviewed is None and isinstance(thing.get(key), str):
                page.reviewed = _parsed_date(thing[key], date_order)
                if page.reviewed:
                    page.found.append(f"date last reviewed from the JSON-LD's {key}")
    line = _byline_element(soup)
    if line is not None:
        author = (
            line
            if "author" in (line.get("rel") or [])
            else line.find(attrs={"rel": "author"}) or line.find(class_=_has_word("author"))
        )
        name = plain_words(author.get_text()) if author else ""
        if not name:
            match = BYLINE.match(plain_words(line.get_text(" ")))
            name = plain_words(match["name"]) if match else ""
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


def _class_words(token: str) -> set[str]:
    """A class's words: ``comment-author`` is {"comment-author", "comment", "author"}."""
    token = token.lower()
    return {token, *re.split(r"[-_]", token)}


def _has_word(*words: str):
    """A matcher of elements with a class (or id) holding one of ``words`` as a word."""
    wanted = set(words)

    def matches(value):
        if not value:
            return False
        tokens = value.split() if isinstance(value, str) else value
        return any(wanted & _class_words(token) for token in tokens)

    return matches


BYLINE_LENGTH = 200  # characters: a longer element is not the byline but what holds it


def _byline_element(soup) -> Tag | None:
    """The short line above the text that names the writer: marked as a byline, holding a
    link to its author, or beginning "By"."""
    for element in soup.find_all(class_=_has_word("byline", "postmeta", "post-meta", "entry-meta")):
        if len(plain_words(element.get_text())) <= BYLINE_LENGTH:
            return element
    author = soup.find(attrs={"rel": "author"})
    if author is not None:
        line = author.find_parent(["p", "div", "span", "font"])
        return line if line and len(plain_words(line.get_text())) <= BYLINE_LENGTH else author
    for string in (soup.body or soup).find_all(string=True):
        if len(string.strip()) > BYLINE_LENGTH:
            return None  # into the text: a byline comes before it
        if BYLINE.match(plain_words(string)):
            element = string.parent
            while element.parent is not None and len(plain_words(element.parent.get_text())) < 120:
                element = element.parent
            return element if len(plain_words(element.get_text())) < 120 else None
    return None


def _topic(soup, data, page: OldPage) -> tuple[str, str] | None:
    """The section the old site filed the page under: the last step of its breadcrumb trail
    that is neither the home page nor the page itself."""
    names, how = [], ""
    for thing in _things(data, "BreadcrumbList"):
        items = thing.get("itemListElement") or []
        names = [_name_of(each.get("item")) or str(each.get("name") or "") for each in items]
        how = "topic from the page's breadcrumb JSON-LD"
        break
    else:
        trail = soup.find(class_=_has_word("breadcrumb", "breadcrumbs", "crumbs")) or soup.find(
            id=_has_word("breadcrumb", "breadcrumbs", "crumbs")
        )
        if trail is not None:
            names = [link.get_text() for link in trail.find_all("a")]
            how = "topic from the page's breadcrumb trail"
    names = [plain_words(name) for name in names]
    names = [name for name in names if name and name.lower() != "home" and name != page.title]
    if not names:
        return None
    page.found.append(how)
    return slugify(names[-1], allow_unicode=True) or "imported", names[-1]


def _canonical(soup) -> str:
    """The page's canonical address; none if it names the home page, as a CMS's template may
    on every page."""
    link = soup.find("link", rel="canonical", href=True)
    url = link["href"].strip() if link else ""
    if not url.startswith(("http://", "https://")) or urlsplit(url).path in {"", "/"}:
        return ""
    return url


def _old_paths(soup, data, crawl_path: str | None) -> list[str]:
    """The addresses readers knew the page by: its canonical address, and its place in the crawl."""
    paths = []
    urls = [_canonical(soup)] if _canonical(soup) else []
    urls += [og["og:url"] for og in data["opengraph"] if og.get("og:url")]
    for url in urls:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
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
    region = _comments_region(soup, date_order)
    if marked:
        for number, thing in enumerate(_things(data, "Comment"), start=1):
            comments.append(
                OldComment(
                    number=number,
                    author=_name_of(thing.get("author"))[:60] or "A reader",
                    date=_parsed_date(str(thing.get("dateCreated") or ""), date_order),
                    text=text_of(str(thing.get("text") or "")),
                    date_text=str(thing.get("dateCreated") or ""),
                )
            )
        page.found.append(f"{len(comments)} comments from the page's microdata")
        for element in marked:
            if not element.decomposed:
                element.decompose()
    elif region is not None:
        numbers = {}  # each comment's element: its number, for replies nested in it
        for unit in _comment_units(region):
            comment = _comment_of(unit, len(comments) + 1, date_order)
            if comment is None:
                continue
            enclosing = unit.find_parent(lambda tag: tag in numbers)
            comment.reply_to = numbers.get(enclosing)
            numbers[unit] = comment.number
            comments.append(comment)
        if comments:
            page.found.append(f"{len(comments)} comments from the page's discussion section")
    if region is not None and not region.decomposed:
        if region.find("form"):
            page.dropped.append("comment forms")
        region.decompose()
    _find_replies(comments)
    return comments


def _comments_region(soup, date_order: str) -> Tag | None:
    """The part of the page holding the readers' comments: of the parts marked or headed as
    comments, the one with the most comments in it (not "2 comments" in a byline, not one
    comment of the list, not an article's own section called "Discussion")."""
    marked = [
        element
        for element in soup.find_all(True)
        if not _is_comment(element) and any(COMMENTS_REGION.match(w) for w in _names_of(element))
    ]
    headings = {}
    for string in soup.find_all(string=COMMENTS_HEADING):
        following = string.parent.find_next(["table", "ul", "ol", "div", "section"])
        if following is not None and not _is_comment(following):
            marked.append(following)
            headings[following] = string
    best, best_count = None, 0
    for candidate in marked:
        count = sum(_is_comment(unit) or _signed(unit) for unit in _comment_units(candidate))
        if count > best_count:
            best, best_count = candidate, count
    if best in headings:  # the heading goes too, unless it holds the comments
        string = headings[best]
        marker = string.parent
        while marker.parent is not None and marker.parent.name in TRANSPARENT | {"b", "strong"}:
            if best in marker.parent.descendants:
                break
            marker = marker.parent
        if best not in marker.descendants:
            marker.decompose()
        else:
            string.extract()
    return best


def _names_of(element) -> list[str]:
    """An element's id and classes."""
    return [word for word in [element.get("id", ""), *element.get("class", [])] if word]


def _signed(unit) -> bool:
    """Whether ``unit`` looks like a reader's comment: it names someone and says when (a
    paragraph that mentions "March 2020" is not one)."""
    named = unit.find(["b", "strong", "cite"]) or unit.find(
        class_=_has_word("name", "author", "commenter", "user", "fn")
    )
    if named is None or len(plain_words(named.get_text())) > 60:
        return False
    if unit.find("time") or unit.find(class_=_has_word("date", "time", "metadata")):
        return True
    return bool(DATE.search(unit.get_text(" ")[:200]))


def _comment_units(region) -> list[Tag]:
    units = region.find_all(_is_comment)
    if units:
        return units
    for tags in (["tr"], ["li"], ["article"], ["p", "div"]):
        units = region.find_all(tags)
        if units:
            return units
    return []


def _is_comment(tag) -> bool:
    return bool(A_COMMENT & {token.lower() for token in tag.get("class", [])})


def _comment_of(unit, number: int, date_order: str) -> OldComment | None:
    # A copy without the replies nested in it, which are comments of their own.
    unit = copy.copy(unit)
    for nested in unit.find_all(_is_comment):
        if not nested.decomposed:
            nested.decompose()
    for reply_link in unit.find_all(class_=_has_word("reply")):
        reply_link.decompose()  # WordPress's "Reply" link
    # The name itself before what holds it ("<div class=comment-author><cite class=fn>").
    author = (
        unit.find(attrs={"itemprop": ["author", "name"]})
        or unit.find(class_=_has_word("fn"))
        or unit.find("cite")
        or unit.find(class_=_has_word("name", "author", "commenter", "user"))
        or unit.find(["b", "strong"])
    )
    time = unit.find("time")
    dated = unit.find(class_=_has_word("date", "time", "metadata", "commentmetadata"))
    date_text = ""
    if time is not None:
        date_text = time.get("datetime") or time.get_text()
    elif dated is not None:
        date_text = plain_words(dated.get_text(" "))
    body = (
        unit.find(attrs={"itemprop": "text"})
        or unit.find(class_=_has_word("text", "content", "message"))
        or unit.find(class_=_has_word("body"))
    )
    name = SAYS.sub("", plain_words(author.get_text())) if author else ""
    if body is not None and name and plain_words(body.get_text()).startswith(name):
        body = None  # a "comment-body" holding the name and date too
    if body is None:
        # The comment is what is left when its lines of name and date are taken away.
        for meta in _meta_lines(unit, author, time or dated):
            if not date_text:
                match = DATE.search(meta.get_text(" "))
                date_text = match[0] if match else ""
            meta.extract()
        body = unit
    text = text_of(str(body))
    if not text:
        return None
    return OldComment(
        number=number,
        author=name[:60] or "A reader",
        date=_parsed_date(date_text, date_order),
        text=text,
        date_text=date_text,
    )


SAYS = re.compile(r"\s*(says|said|wrote)\s*:?\s*$", re.I)


def _meta_lines(unit, *found) -> list:
    """The elements of ``unit`` that hold its name and date and nothing of the comment."""
    lines = []
    for meta in found:
        while meta is not None and meta.parent is not unit and meta.parent is not None:
            if _says_more(meta.parent, meta):
                break
            meta = meta.parent
        if meta is not None and not any(meta is line or meta in line.descendants for line in lines):
            lines = [line for line in lines if line not in meta.descendants] + [meta]
    return lines


# The words of a comment's line of name and date ("by Gran on 01/15/2003 at 10:02 said:").
META_WORDS = re.compile(
    r"\b(by|on|at|posted|written|said|wrote|says|am|pm|utc|permalink|reply|edit|"
    r"(mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"\d+(st|nd|rd|th))\b|[^\w]",
    re.I,
)


def _says_more(container, meta) -> bool:
    """Whether ``container`` holds words besides ``meta``'s name and date: the comment itself."""
    rest = container.get_text(" ").replace(meta.get_text(" "), " ", 1)
    return bool(re.search(r"[^\W\d_]{2,}", META_WORDS.sub(" ", DATE.sub(" ", rest))))


def _find_replies(comments: list[OldComment]) -> None:
    """An "@name" reply answers the latest earlier comment of that name."""
    for index, comment in enumerate(comments):
        match = REPLY.match(comment.text)
        if not match or comment.reply_to is not None:
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
        if element.name == "nav":
            kinds.add("navigation")
        element.decompose()
    for form in soup.find_all("form"):
        # A comment or search form goes; a form around the whole page (ASP.NET's) stays open.
        if form.find(["textarea"]) or len(plain_words(form.get_text())) < 200:
            kinds.add("comment forms" if "comment" in str(form.get("action", "")) else "forms")
            form.decompose()
        else:
            form.unwrap()
    for element in soup.find_all(["header", "footer"]):
        if not element.decomposed and element.find_parent(["article", "main"]) is None:
            kinds.add("headers and footers")
            element.decompose()
    for element in soup.find_all(True):
        if element.decomposed:
            continue
        for kind, pattern in AROUND_WORDS:
            if any(pattern.match(word) for word in _names_of(element)):
                kinds.add(kind)
                element.decompose()
                break
    for image in soup.find_all("img"):
        if "/ads/" in image.get("src", "") or image.get("alt", "").lower() == "advertisement":
            kinds.add("advertisements")
            image.decompose()
    lines = [
        (string, kind)
        for string in soup.find_all(string=True)
        if len(plain_words(string)) <= SHORT_LINE
        for kind, pattern in AROUND_LINES
        if pattern.match(plain_words(string))
    ]
    for string, kind in lines:
        # A string inside something an earlier line took along is gone with it.
        gone = string.decomposed or string.parent is None
        if not gone and _drop_line(string, related=kind == "related lists"):
            kinds.add(kind)
    page.dropped += sorted(kinds)


BLOCKS = {"p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "aside",
          "article", "header", "footer", "blockquote", "dt", "dd", "tr", "table",
          "center"}  # fmt: skip


def _drop_line(string, *, related: bool = False) -> bool:
    """Drop a line that stands alone: the elements holding nothing else (and, for a heading of
    related links, the list under it), or the bare line with its <br>. A line inside a sentence
    ("the <b>advertisement</b> said") stays; whether it went."""
    element, text = string, plain_words(string)
    while element.parent is not None and element.parent.name not in {"body", "html", "[document]"}:
        if plain_words(element.parent.get_text()) != text:
            break
        element = element.parent
    alone = element is not string and element.name in BLOCKS
    if not alone:
        before, after = element.previous_sibling, element.next_sibling
        alone = all(
            sibling is None
            or getattr(sibling, "name", None) == "br"
            or (isinstance(sibling, NavigableString) and not sibling.strip())
            for sibling in (before, after)
        )
        if not alone:
            return False
        if getattr(after, "name", None) == "br":
            after.decompose()
    if related:  # the list right under the heading, and nothing further on
        following = element.find_next_sibling()
        if following is not None and following.name in {"ul", "ol", "div"}:
            following.decompose()
    if isinstance(element, Tag):
        element.decompose()
    else:
        element.extract()
    return True


def _main_region(soup, page: OldPage) -> Tag:
    """The element that holds the main text: the smallest one holding nearly all of what
    trafilatura takes to be the page's text (weighed by length, so that a stray line of a
    side column does not count). What it leaves outside is reported."""
    body = soup.body or soup
    extracted = trafilatura.extract(
        str(soup), output_format="txt", favor_recall=True, include_comments=False
    )
    # Its paragraphs (and, for a layout table, its cells), compared without their spaces:
    # "the <a>bee</a>, a" is "the bee, a" to trafilatura and "the bee , a" to get_text(" ").
    extracted = (extracted or "").replace("\\|", "|")  # its tables' cells escape their pipes
    pieces = [_unspaced(piece) for piece in re.split(r"\n| \| |^\| | \|$", extracted, flags=re.M)]
    pieces = [piece.strip("|") for piece in pieces if len(piece.strip("|")) > 15]
    if not pieces:
        page.notes.append("the main text could not be told apart: check what was imported")
        return body
    total = sum(len(piece) for piece in pieces)
    best, best_text = body, _unspaced(body.get_text())
    for element in body.find_all(["div", "td", "article", "main", "section", "table"]):
        text = _unspaced(element.get_text())
        if len(text) >= len(best_text):
            continue
        held = sum(len(piece) for piece in pieces if piece[:40] in text)
        if held >= 0.9 * total:
            best, best_text = element, text
    if best is body:
        page.found.append("main text: the whole page, trafilatura's text not being in one part")
    else:
        page.found.append("main text located by trafilatura")
    outside = [piece for piece in pieces if piece[:40] not in best_text]
    if outside:
        page.dropped.append(f"{len(outside)} lines of text outside the main column")
    return best


def _unspaced(text: str) -> str:
    return "".join(str(text).split())


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
    text = plain_words(element.get_text(" "))
    if not text and not element.find("img"):
        return
    # Class rules ("fact", "question", "subhead") hold for a line, not for what contains lines.
    short = len(text) <= 400 and not element.find(["p", "div", "table", "ul", "ol", "h2", "h3"])
    if name in {"h1", "h2"}:
        yield f"<h2>{html.escape(text)}</h2>"
    elif name in {"h3", "h4", "h5", "h6"}:
        yield f"<h3>{html.escape(text)}</h3>"
    elif name in {"ul", "ol"}:
        items = "".join(f"<li>{_inline(li)}</li>" for li in element.find_all("li", recursive=False))
        yield f"<{name}>{items}</{name}>"
    elif name == "dl":  # terms and their definitions: an old page's FAQ, as often as not
        for child in element.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                yield f"<h3>{html.escape(plain_words(child.get_text(' ')))}</h3>"
            else:
                yield from _lines([_inline(child)])
    elif name in {"blockquote", "details", "figure", "img"}:
        yield str(element)
    elif name == "p":
        yield from _lines([_inline(element)])
    elif name == "table":
        yield from _table(element)
    elif short and any(word in {"fact", "keyfact"} or word.endswith("-fact") for word in words):
        yield f"<ul><li>{_inline(element)}</li></ul>"
    elif short and len(text) <= 255 and words & {"faq-q", "question", "q"}:
        yield f"<h3>{html.escape(text)}</h3>"
    elif (
        short
        and len(text) <= 120
        and any(
            word.endswith(("title", "heading", "head")) or word.startswith("subhead")
            for word in words
        )
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
    if not plain_words(BeautifulSoup(content, "html.parser").get_text()) and "<img" not in content:
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
        plain = plain_words(BeautifulSoup(line, "html.parser").get_text())
        if not plain:
            yield from flush()
            if "<img" in line:  # an image on a line of its own
                yield f"<p>{line}</p>"
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
    """An element's inline content as HTML, its line breaks and images kept for _lines."""
    return inline_html(element, breaks=True, images=True)


@dataclass
class SavedFile:
    path: Path
    root: Path  # the folder it was saved in: its crawl's, or its own
    source_id: str  # what a later run knows it by: its crawl's name and path, or its full path
    crawl_path: str | None = None  # its path in a crawl of the old site: an old address


# What a crawl's pages are called: saved by a browser, or by wget from a site of any age.
PAGE_SUFFIXES = {"", ".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp", ".cfm"}


def files_under(paths: list[Path]) -> list[SavedFile]:
    """Each saved page under ``paths`` (files, or folders of a crawl), in a stable order; hidden
    files and folders (``.git``, ``.DS_Store``) are not pages."""
    found = []
    for path in paths:
        if not path.is_dir():
            found.append(SavedFile(path, path.parent, str(path.resolve())))
            continue
        root = _site_folder(path)
        for file in sorted(root.rglob("*")):
            relative = file.relative_to(root)
            if any(part.startswith(".") for part in relative.parts) or not file.is_file():
                continue
            if PurePosixPath(file.name.split("?")[0]).suffix.lower() in PAGE_SUFFIXES:
                crawl_path = str(PurePosixPath(*relative.parts))
                found.append(
                    SavedFile(file, root, f"{root.resolve().name}/{crawl_path}", crawl_path)
                )
    return found


def _site_folder(path: Path) -> Path:
    """The folder of a crawl that stands for the site's root: wget puts a site's pages in a
    folder named for its host (``www.example.com/``)."""
    entries = [entry for entry in path.iterdir() if not entry.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir() and "." in entries[0].name:
        return entries[0]
    return path


HTML_TAG = re.compile(r"<(html|head|body|title|p|div|table|h[1-6])\b", re.I)
FEEDS = re.compile(
    r"^<\?xml[^>]*>\s*(<!--.*?-->\s*)*<(rss|feed|urlset|sitemapindex|rdf:RDF)\b", re.S
)


def looks_like_html(raw: bytes) -> bool:
    """Whether a file is a page at all (a crawl also holds images, scripts, feeds, sitemaps)."""
    head = (UnicodeDammit(raw[:65536], is_html=True).unicode_markup or "").lstrip("\ufeff \t\r\n")
    return not FEEDS.match(head) and bool(HTML_TAG.search(head))


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
            title=(old.title or f"Untitled page {old.source_id}")[:255],
            slug=slug,
            topic=topic,
            publish=True,
            old_paths=old.old_paths,
            byline=old.byline,
            notes=notes,
            doubtful=not old.confident,
        )
        planned.take_parts(old.parts)
        threads = {
            comment.number: Comment(
                id=comment.number, author="", email="", url="", date=None, content="",
                approved="1", parent=comment.reply_to or 0, type="",
            )
            for comment in old.comments
        }  # fmt: skip
        ids = comment_ids(old)
        for comment in old.comments:
            top = thread_top(threads[comment.number], threads)
            planned.comments.append(
                PlannedComment(
                    source_id=ids[comment.number],
                    author=comment.author,
                    state="approved",
                    reply_to=ids[top] if top else None,
                )
            )
        self.plan.topics[topic[0]] = topic[1]
        self.plan.pages.append(planned)
        return planned


def comment_ids(old: OldPage) -> dict[int, str]:
    """Each comment's source id, by its number: its page's, and a digest of its author, date and
    words, so that a comment added above it on the old page does not make it another's."""
    ids, seen = {}, {}
    for comment in old.comments:
        # The date as written, not as read: the same words give the same id, whatever the options.
        digest = hashlib.sha256(
            f"{comment.author}\n{comment.date_text}\n{comment.text}".encode()
        ).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1  # the same words twice: two comments
        ids[comment.number] = f"{old.source_id}#comment-{digest}-{seen[digest]}"
    return ids


def as_item(old: OldPage, raw: bytes) -> Item:
    """The page in the shape the writer takes, with a digest of the file, so that a second
    import of an unchanged page changes nothing."""
    ids = comment_ids(old)
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
                id=ids[comment.number],
                author=comment.author,
                email="",
                url="",
                date=comment.date,
                content=html.escape(comment.text),
                approved="1",
                parent=ids[comment.reply_to] if comment.reply_to else 0,
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
