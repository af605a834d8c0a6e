"""Which responses caches may share: the same page for every anonymous reader, nothing personal."""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from plainly.pagecache.wsgi import has_personal_cookie, personal_cookie_names


def is_shareable(request) -> bool:
    """Whether the page made for this request would be the same for any anonymous reader."""
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not has_personal_cookie(request.META.get("HTTP_COOKIE", ""), personal_cookie_names())


def mark(response, request):
    """Say who may keep ``response``: shared caches for anonymous pages, only the browser otherwise.

    Browsers revalidate every time (``max-age=0``), which costs a 304 from the page cache; shared
    caches keep the page until it is purged, or ``PLAINLY_PAGE_CACHE_SECONDS`` at most.
    """
    if is_shareable(request) and settings.PAGE_CACHE_SECONDS:
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SECONDS)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    return response


def shared(view):
    """A view decorator for pages that are the same for every anonymous reader (feeds, sitemap)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return mark(view(request, *args, **kwargs), request)

    return wrapper


class SharedPageMixin:
    """For Wagtail pages: anonymous readers get a shareable page; members and previews never do."""

    def serve(self, request, *args, **kwargs):
        return mark(super().serve(request, *args, **kwargs), request)
