"""WordPress's own addresses, ``/?p=123`` and ``/?page_id=45``, answer with the imported page.

Wagtail's redirects apply only where no page answers, and the home page answers ``/`` whatever
its query string; so these few, recorded as redirects by the import, are looked up first."""

from django.http import HttpResponsePermanentRedirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

OLD_KEYS = ("p=", "page_id=")


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if request.path == "/" and query.startswith(OLD_KEYS) and request.method in {"GET", "HEAD"}:
            redirect = self.redirect_for(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    @staticmethod
    def redirect_for(request):
        path = Redirect.normalise_path(request.get_full_path())
        site = Site.find_for_request(request)
        found = (
            Redirect.get_for_site(site)
            .filter(old_path=path)
            .select_related("redirect_page")
            .first()
        )
        if found is None or not found.link:
            return None
        return HttpResponsePermanentRedirect(found.link)
