"""Pages rendered into the page cache before anyone asks for them: after a deploy, a restore or
a purge of everything, the first readers (and the search engines' crawlers, who read every page)
find them kept instead of waiting for a render each."""

import io
from collections import Counter
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit
from wsgiref.util import setup_testing_defaults

from django.core.wsgi import get_wsgi_application
from wagtail.models import Page, Site

from plainly.pagecache import PageCache, most_read
from plainly.questions.models import TopicPage


def addresses_to_warm(*, topic: str | None = None, home_and_topics: bool = False) -> list[str]:
    """The address of each page readers may be shown from the cache, every site's: its home
    page and topics first, then its other pages (or, with ``topic``, that topic and its pages).
    Pages behind a password or a sign-in are left out: no cache keeps them."""
    addresses = []
    for site in Site.objects.select_related("root_page").order_by("-is_default_site", "pk"):
        home = site.root_page
        topics = TopicPage.objects.live().public().descendant_of(home).order_by("path")
        if topic is not None:
            chosen = topics.filter(slug=topic)
            pages = (
                [*chosen, *Page.objects.live().public().descendant_of(chosen.first())]
                if chosen
                else []
            )
        else:
            pages = [home, *topics]
            if not home_and_topics:
                rest = Page.objects.live().public().descendant_of(home).not_type(TopicPage)
                pages += list(rest.order_by("path"))
        for page in pages:
            url = page.get_full_url()
            if url and url.startswith(("http://", "https://")) and url not in addresses:
                addresses.append(url)
    return addresses


# The reads "--most-read" ranks pages by: the last week's, so that a page read much a month ago
# and little since is not warmed ahead of this week's.
MOST_READ_DAYS = 7


def most_read_addresses(count: int) -> list[str]:
    """The addresses of the ``count`` pages read most in the last week, most read first, as the
    default site's (reads are counted by path alone)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    return [site.root_url + path for path, _reads in most_read(MOST_READ_DAYS, limit=count)]


def warm(
    addresses: list[str], *, progress: Callable[[Iterable, int], Iterable] = lambda a, n: a
) -> Counter:
    """Ask for each address as a reader would, through the page cache; how many were rendered
    and kept, were kept already, or could not be kept (an error page, a page that is private)."""
    application = PageCache(get_wsgi_application())
    counts = Counter()
    for address in progress(addresses, len(addresses)):
        counts[_ask(application, address)] += 1
    return counts


def _ask(application, address: str) -> str:
    parts = urlsplit(address)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path or "/",
        "QUERY_STRING": "",
        "HTTP_HOST": parts.netloc,
        "wsgi.url_scheme": parts.scheme,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
    }
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = application(environ, start_response)
    try:
        for _ in body:  # the page is kept as its body is read to the end
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    headers = answer.get("headers", {})
    if not answer.get("status", "").startswith("200"):
        return "not kept"
    if headers.get("X-Cache") == "HIT":
        return "kept already"
    return "kept" if "public" in headers.get("Cache-Control", "") else "not kept"
