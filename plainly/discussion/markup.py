"""Readers write plain text with a little Markdown; what reaches the page is sanitised HTML.

The Markdown subset is paragraphs, emphasis, links, lists and quotes. Raw HTML in the text is
never interpreted (it shows as typed), and the rendered HTML is then cleaned by nh3 against the
same short list of tags, so a mistake in either step alone cannot let markup through.
"""

import re

import nh3
from markdown_it import MarkdownIt

MAX_LENGTH = 5000
LINK_REL = "nofollow ugc noopener"

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# "zero" enables nothing; each feature of the subset is switched on by name.
_markdown = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "link", "autolink", "list", "blockquote", "newline"]
)

# Only absolute web and mail addresses become links: a reader has no business linking to paths
# of this site, and anything else (javascript:, data:, relative tricks) stays as typed text.
_markdown.validateLink = lambda url: (
    url.strip().lower().startswith(("http://", "https://", "mailto:"))
)

# Bare addresses a reader typed, counted as links even though they are not made clickable.
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def render(text: str) -> str:
    """The comment ``text`` as safe HTML."""
    return nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def count_links(text: str, html: str) -> int:
    """How many links a comment carries, whether written as Markdown or as bare addresses."""
    return max(html.count("<a "), len(_URL.findall(text)))
