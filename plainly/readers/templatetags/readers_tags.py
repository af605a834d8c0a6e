import functools

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from plainly.readers.insights import most_read_this_week
from plainly.readers.models import Vote

register = template.Library()


@register.inclusion_tag("readers/most_read.html")
def most_read(page, heading_id: str = "most-read-heading"):
    """The questions under ``page`` (a home or topic page) read most this week: nothing until
    some are."""
    return {"questions": most_read_this_week(page), "heading_id": heading_id}


@register.simple_tag
def helpful(page) -> SafeString:
    """ "Was this helpful?" for a question's page: the same for every reader, so that the page
    may be kept whole by any cache; and for every page but its id, so each process draws it
    once and puts each page's id in."""
    return mark_safe(_helpful_html().replace(_PAGE_ID, str(int(page.pk))))  # noqa: S308


# Where the page's id goes: no rendered text holds a NUL character (escaping leaves it be).
_PAGE_ID = "\x00page-id\x00"


@functools.cache
def _helpful_html() -> str:
    context = {"page": {"pk": _PAGE_ID}, "reasons": Vote.Reason.choices}
    return render_to_string("readers/helpful.html", context)


@register.inclusion_tag("readers/search_beacon.html")
def search_beacon(query: str):
    """On a search's results: tells the site when the reader opens one, with the search's words
    alone, so that editors see which searches found nothing the reader wanted."""
    return {"query": query}


@register.simple_tag
def ask_url(words: str = "") -> str:
    """The page to ask a question the site does not answer, with the reader's ``words`` (a
    search's) filled in."""
    url = reverse("ask")
    return f"{url}?{urlencode({'q': words})}" if words else url
