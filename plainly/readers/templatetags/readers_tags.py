from django import template
from django.urls import reverse
from django.utils.http import urlencode

from plainly.readers.insights import most_read_this_week
from plainly.readers.models import Vote

register = template.Library()


@register.inclusion_tag("readers/most_read.html")
def most_read(page, heading_id: str = "most-read-heading"):
    """The questions under ``page`` (a home or topic page) read most this week: nothing until
    some are."""
    return {"questions": most_read_this_week(page), "heading_id": heading_id}


@register.inclusion_tag("readers/helpful.html")
def helpful(page):
    """ "Was this helpful?" for a question's page: the same for every reader, so that the page
    may be kept whole by any cache."""
    return {"page": page, "reasons": Vote.Reason.choices}


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
