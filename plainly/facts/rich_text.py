"""Facts inside rich text: ``<a linktype="fact" id="12">33,000</a>`` as stored.

The editor picks a fact in Draftail (``editor.py``, static/facts/draftail-fact.js); the page
shows the fact's figure as it is now, linked to its source, not the text stored when it was
picked. Wagtail's reference index learns of each fact used from ``FactLinkHandler``, so the
pages using a fact are known, purged when it changes, and keep it from deletion.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from wagtail.rich_text import LinkHandler, expand_db_html, get_text_for_indexing

from plainly.facts.formatting import format_fact
from plainly.facts.models import Fact

LINK_TYPE = "fact"
ENTITY_TYPE = "FACT"
# A stored fact: the attributes in either order, as Wagtail's converter or an import writes them.
STORED_FACT = re.compile(
    r"<a\b(?=[^>]*\blinktype=\"fact\")(?=[^>]*\bid=\"(?P<id>\d{1,10})\")[^>]*>(?P<text>.*?)</a>",
    re.DOTALL,
)


def figure_html(fact: Fact, *, capitalised: bool = False) -> SafeString:
    """The fact's figure, linked to its source when it has a web address."""
    text = capfirst(format_fact(fact)) if capitalised else format_fact(fact)
    if fact.source_url:
        return format_html('<a class="fact" href="{}">{}</a>', fact.source_url, text)
    return format_html('<span class="fact">{}</span>', text)


def fact_ids_in(html: str) -> set[int]:
    return {int(match["id"]) for match in STORED_FACT.finditer(html)}


def with_figures(html: str, shown: dict[int, Fact]) -> str:
    """Stored rich text with each fact's figure as it is now; a fact that is missing or
    unpublished is left out (the checks list it), never shown with a stale figure."""

    def figure(match: re.Match) -> str:
        fact = shown.get(int(match["id"]))
        return figure_html(fact) if fact is not None else ""

    return STORED_FACT.sub(figure, html)


def rendered_with_figures(html: str, shown: dict[int, Fact]) -> SafeString:
    """Stored rich text as the page shows it (as ``|richtext`` renders it), each fact with its
    figure as it is now."""
    return mark_safe(expand_db_html(with_figures(html, shown)))  # noqa: S308 - Wagtail's HTML


def text_with_figures(html: str, shown: dict[int, Fact]) -> str:
    """Stored rich text as plain words (for structured data and the API's text), each fact's
    figure as it is now; paragraphs are kept apart by a blank line."""

    def figure(match: re.Match) -> str:
        fact = shown.get(int(match["id"]))
        return escape(format_fact(fact)) if fact is not None else ""

    paragraphs = re.split(r"</p>\s*", STORED_FACT.sub(figure, html))
    return "\n\n".join(text for part in paragraphs if (text := get_text_for_indexing(part)))


class FactLinkHandler(LinkHandler):
    """For rich text rendered without ``with_figures`` first: the stored text, unlinked."""

    identifier = LINK_TYPE

    @staticmethod
    def get_model():
        return Fact

    @staticmethod
    def expand_db_attributes(attrs: dict) -> str:
        return '<a class="fact">'

    @classmethod
    def extract_references(cls, attrs):
        if str(attrs.get("id", "")).isdigit():
            yield Fact, attrs["id"], "", ""
