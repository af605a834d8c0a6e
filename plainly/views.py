import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults, static
from django.views.decorators.cache import cache_control
from wagtail.models import Site


@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    context = {"sitemap_url": f"{root_url}/sitemap.xml"}
    return render(request, "plainly/robots.txt", context, content_type="text/plain; charset=utf-8")


# Where Wagtail keeps uploaded images and their resized renditions, under MEDIA_ROOT. Documents
# are not among them: they go through Wagtail's view, which applies their privacy settings.
IMAGE_FOLDERS = ("original_images", "images")


@cache_control(max_age=86400)
def media_image(request: HttpRequest, folder: str, path: str) -> HttpResponse:
    """An uploaded image, through Django's middleware so that it carries the security headers
    of every other response (nosniff, the Content-Security-Policy). Served from its own folder,
    so that no path (``images/../documents/…``) leaves it for the documents beside it, which
    only Wagtail's view may serve."""
    if folder not in IMAGE_FOLDERS:
        raise Http404
    try:
        return static.serve(request, path, document_root=settings.MEDIA_ROOT / folder)
    except OSError:  # a name longer than the file system takes, and the like
        raise Http404 from None


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
