"""WordPress's export format (WXR 1.1 and 1.2), read as a stream: one item at a time, so a large
export takes little memory, and with XML's entities and DTDs refused, so a crafted file cannot
expand itself or reach for other files."""

import datetime
import gzip
import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

SUPPORTED_VERSIONS = {"1.1", "1.2"}
WP = "{http://wordpress.org/export/%s/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/%s/excerpt/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


class WXRError(Exception):
    """The file cannot be imported; the text says why, for the person running the import."""


@dataclass
class Author:
    login: str
    email: str
    display_name: str


@dataclass
class Term:
    """A category or a tag."""

    slug: str
    name: str
    parent: str = ""


@dataclass
class Comment:
    id: int
    author: str
    email: str
    url: str
    date: datetime.datetime | None
    content: str
    approved: str  # "1" approved, "0" held, "spam", "trash"
    parent: int  # 0 for a comment that starts a thread
    type: str  # "" or "comment" for readers' comments; pingbacks and trackbacks otherwise


@dataclass
class Item:
    """A post, a page or an attachment, with its comments."""

    id: int
    type: str  # "post", "page", "attachment", or a plugin's own type
    title: str
    link: str
    slug: str
    status: str  # "publish", "draft", "pending", "private", "future", "trash"...
    date: datetime.datetime | None
    author: str
    content: str
    excerpt: str
    parent: int
    attachment_url: str
    categories: list[Term] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Export:
    """What the channel says of the site, read before the first item."""

    title: str = ""
    link: str = ""
    version: str = ""
    authors: list[Author] = field(default_factory=list)
    categories: list[Term] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)


def open_export(path: Path):
    """The file as bytes, unpacking it if it is gzipped (``.xml.gz``, or any gzip file)."""
    if not path.is_file():
        raise WXRError(f"{path}: no such file.")
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else path.open("rb")


def read(path: Path) -> tuple[Export, Iterator[Item]]:
    """The export's channel and its items, one at a time.

    Raises WXRError for a file that is not a WordPress export, of a version this importer does
    not know, malformed, or trying XML entity tricks; an error part-way through the items is
    raised when the reader reaches it."""
    stream = open_export(path)
    events = _events(stream, path)
    export, channel, ns = Export(), None, None
    try:
        for event, element in events:
            if event == "start-ns":
                prefix, uri = element
                if prefix == "wp" and uri.startswith("http://wordpress.org/export/"):
                    export.version = uri.rstrip("/").rsplit("/", 1)[-1]
            elif event == "start":
                if channel is None and element.tag != "channel" and element.tag != "rss":
                    raise WXRError(f"{path}: not a WordPress export (it has <{element.tag}>).")
                if element.tag == "channel":
                    channel = element
            else:  # the end of an element: the channel's own come before the first item
                ns = ns or _namespace(export, path)
                if element.tag == "item":
                    return export, _items(export, ns, element, events, stream, channel)
                _read_channel_element(export, ns, element)
        _namespace(export, path)
    except BaseException:
        stream.close()
        raise
    stream.close()
    return export, iter(())


def _namespace(export: Export, path: Path) -> str:
    """The WordPress namespace of the export's version, once it is known to be one to read."""
    if not export.version:
        raise WXRError(f"{path}: not a WordPress export (it has no wp: namespace).")
    if export.version not in SUPPORTED_VERSIONS:
        raise WXRError(
            f"{path}: WXR version {export.version} is not one this importer knows "
            f"({', '.join(sorted(SUPPORTED_VERSIONS))})."
        )
    return WP % export.version


@dataclass
class Survey:
    """What an export holds, read quickly ahead of the import: how many items (for the progress
    bar's time left), and each attachment's address by its id (for featured images, which an
    export may list after the posts that show them)."""

    items: int = 0
    attachments: dict[int, str] = field(default_factory=dict)


def survey(path: Path) -> Survey:
    """The export's survey; an unreadable file has an empty one, and the import says why."""
    found = Survey()
    try:
        _, items = read(path)
        for item in items:
            found.items += 1
            if item.type == "attachment" and item.attachment_url:
                found.attachments[item.id] = item.attachment_url
    except WXRError:
        pass
    return found


def _events(stream, path: Path):
    try:
        yield from iterparse(
            stream, events=("start", "end", "start-ns"), forbid_dtd=True, forbid_entities=True
        )
    except DefusedXmlException:
        raise WXRError(
            f"{path}: the file declares a DTD or XML entities, which an export never needs and "
            "which can make a file expand without end; refusing to read it."
        ) from None
    except ParseError as error:
        line, column = error.position
        raise WXRError(
            f"{path}: not well-formed XML at line {line}, column {column} ({_reason(error)})."
        ) from None
    except (OSError, EOFError) as error:
        raise WXRError(f"{path}: cannot be read ({error}).") from None


def _reason(error: ParseError) -> str:
    text = str(error).split(":")[0]
    if "invalid token" in text or "encoding" in text:
        return f"{text}; is the file UTF-8, as WordPress writes it?"
    return text


def _read_channel_element(export: Export, ns: str, element) -> None:
    tag = element.tag
    if tag == "title" and not export.title:
        export.title = _text(element)
    elif tag == "link" and not export.link:
        export.link = _text(element)
    elif tag == f"{ns}author":
        export.authors.append(
            Author(
                login=_text(element.find(f"{ns}author_login")),
                email=_text(element.find(f"{ns}author_email")),
                display_name=_text(element.find(f"{ns}author_display_name")),
            )
        )
    elif tag == f"{ns}category":
        export.categories.append(
            Term(
                slug=_text(element.find(f"{ns}category_nicename")),
                name=_name(element.find(f"{ns}cat_name")),
                parent=_text(element.find(f"{ns}category_parent")),
            )
        )
    elif tag == f"{ns}tag":
        export.tags.append(
            Term(
                slug=_text(element.find(f"{ns}tag_slug")), name=_name(element.find(f"{ns}tag_name"))
            )
        )


def _items(export: Export, ns: str, first, events, stream, channel) -> Iterator[Item]:
    try:
        yield _item(export, ns, first)
        _let_go(first, channel)
        for event, element in events:
            if event == "end" and element.tag == "item":
                yield _item(export, ns, element)
                _let_go(element, channel)
    finally:
        stream.close()


def _let_go(item, channel) -> None:
    """Forget an item once read: memory stays flat however long the export."""
    item.clear()
    if channel is not None:
        channel.remove(item)


def _item(export: Export, ns: str, element) -> Item:
    excerpt = EXCERPT % export.version
    item = Item(
        id=_int(element.find(f"{ns}post_id")),
        type=_text(element.find(f"{ns}post_type")) or "post",
        title=_text(element.find("title")),
        link=_text(element.find("link")),
        slug=_text(element.find(f"{ns}post_name")),
        status=_text(element.find(f"{ns}status")),
        date=_date(_text(element.find(f"{ns}post_date_gmt"))),
        author=_text(element.find(CREATOR)),
        content=_text(element.find(CONTENT)),
        excerpt=_text(element.find(excerpt)),
        parent=_int(element.find(f"{ns}post_parent")),
        attachment_url=_text(element.find(f"{ns}attachment_url")),
    )
    for term in element.findall("category"):
        kept = Term(slug=term.get("nicename", ""), name=_name(term))
        if term.get("domain") == "category":
            item.categories.append(kept)
        elif term.get("domain") == "post_tag":
            item.tags.append(kept)
    for meta in element.findall(f"{ns}postmeta"):
        item.meta[_text(meta.find(f"{ns}meta_key"))] = _text(meta.find(f"{ns}meta_value"))
    for comment in element.findall(f"{ns}comment"):
        item.comments.append(
            Comment(
                id=_int(comment.find(f"{ns}comment_id")),
                author=_text(comment.find(f"{ns}comment_author")),
                email=_text(comment.find(f"{ns}comment_author_email")),
                url=_text(comment.find(f"{ns}comment_author_url")),
                date=_date(_text(comment.find(f"{ns}comment_date_gmt"))),
                content=_text(comment.find(f"{ns}comment_content")),
                approved=_text(comment.find(f"{ns}comment_approved")),
                parent=_int(comment.find(f"{ns}comment_parent")),
                type=_text(comment.find(f"{ns}comment_type")),
            )
        )
    return item


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _name(element) -> str:
    """A term's name: WordPress writes them HTML-escaped ("Food &amp; drink")."""
    return html.unescape(_text(element))


def _int(element) -> int:
    try:
        return int(_text(element))
    except ValueError:
        return 0


def _date(text: str) -> datetime.datetime | None:
    """A GMT date as WordPress writes it; none for its "0000-00-00 00:00:00" or junk."""
    try:
        day = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return day.replace(tzinfo=datetime.UTC)
