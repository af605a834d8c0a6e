import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import cache_control
from wagtail.models import Site


@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    context = {"sitemap_url": f"{root_url}/sitemap.xml"}
    return render(request, "plainly/robots.txt", context, content_type="text/plain; charset=utf-8")


# Raised when the database cannot be reached (stopped, restarting, or every connection busy).
DATABASE_AWAY = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or a 503 that says "try again later" when the database is away.

    Django calls this while it handles the exception, so ``sys.exc_info()`` names it. Both pages
    render without a request context: nothing may touch the database.
    """
    if isinstance(sys.exc_info()[1], DATABASE_AWAY):
        body = loader.render_to_string("503.html")
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)
