"""``{% fixed_url 'search' %}``: ``{% url %}`` for a route without arguments, worked out once.

Every page's frame links to search, sign-in, registration and the feed; reversing each name again
on every render was a tenth of the cost of a render past the page cache. An address without
arguments changes only with the URL configuration or the prefix the site is served under, which
key it.
"""

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_known: dict[tuple, str] = {}


@register.simple_tag
def fixed_url(name: str) -> str:
    key = (get_urlconf(), get_script_prefix(), name)
    try:
        return _known[key]
    except KeyError:
        _known[key] = address = reverse(name)
        return address
