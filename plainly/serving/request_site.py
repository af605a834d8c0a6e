"""The Wagtail site a request is for, as pages and mails name it."""

import time

from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest
from wagtail.models import Page, Site

from plainly.pagecache import kept

DEFAULT_NAME = "Plainly"


def site_name(request: HttpRequest) -> str:
    site = Site.find_for_request(request)
    return site.site_name if site and site.site_name else DEFAULT_NAME


def site_home(request: HttpRequest) -> Page:
    """The home page of the site the request is for, under which everything it may show lies;
    404 when no site answers for its host (there is no default site)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers for this address")
    return site.root_page


class KeptSiteMiddleware:
    """Finds the request's site from the rows each process keeps (``pagecache.kept_rows``), where
    Wagtail would ask the database on every request; with it comes the site's home page, which
    routing starts from, and the sites' root paths, which every page address is made from (Wagtail
    would read them from the shared cache once a request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Before any row is read: what is rendered from this request's rows is no older.
        request.started_at = time.time()
        try:
            key = ("site", request.get_host(), request.get_port())
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 further in
        # Wagtail looks for these attributes before it looks in the database or the cache.
        request._wagtail_site = kept(key, lambda: Site._find_for_request(request))
        request._wagtail_cached_site_root_paths = kept(
            ("site root paths",), Site.get_site_root_paths
        )
        return self.get_response(request)
