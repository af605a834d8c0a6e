"""Which responses caches may share: the same page for every anonymous reader, nothing personal."""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from plainly.pagecache.store import is_tracking


def personal_cookie_names() -> set[str]:
    """Cookies that make a page personal: a session, a form's token, a message to show."""
    return {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
    }


def has_personal_cookie(header: str, names: set[str]) -> bool:
    # Read as Django reads it, so that whatever Django would take for a session passes on.
    return bool(header) and not names.isdisjoint(parse_cookie(header))


def keep_private(request) -> None:
    """Say that the page made for this request must not be kept by any shared cache: it answers
    a query no link of the site makes (a page past the last, a parameter given twice), which
    anyone could vary without end to fill the caches."""
    request.plainly_keep_private = True


def is_shareable(request) -> bool:
    """Whether the page made for this request would be the same for any anonymous reader, and
    shared caches may keep it."""
    return not getattr(request, "plainly_keep_private", False) and is_every_readers(request)


def is_every_readers(request) -> bool:
    """Whether the page made for this request is the one any anonymous reader gets at its
    address: no member, no preview, no personal cookie. Unlike ``is_shareable``, a page kept
    from shared caches for its query (``keep_private``) counts."""
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
    """A view decorator for pages that are the same for every anonymous reader (feeds, sitemap).
    They read no query parameter: with one, the page is shown but kept by no shared cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if asks_for_more_than(request, frozenset()):
            keep_private(request)
        return mark(view(request, *args, **kwargs), request)

    return wrapper


def asks_for_more_than(request, parameters: frozenset[str]) -> bool:
    """Whether the query holds a parameter other than ``parameters`` (tracking ones aside), or
    one of them twice: either way a page no link of the site asks for."""
    for name in request.GET:
        if is_tracking(name):
            continue
        if name not in parameters or len(request.GET.getlist(name)) > 1:
            return True
    return False


class SharedPageMixin:
    """For Wagtail pages: anonymous readers get a shareable page; members and previews never do.

    ``shared_parameters`` are the query parameters the page reads; with any other, the page is
    still shown, but no shared cache keeps it.
    """

    shared_parameters: frozenset[str] = frozenset()

    def shell_name(self, request) -> str | None:
        """What the page shows around its live regions, in words for a fragment's name (its
        revision, its address), for a page kept as a shell (``shells``); None for a page that
        has no live regions."""
        return None

    def serve(self, request, *args, **kwargs):
        from plainly.pagecache.shells import Shell

        if asks_for_more_than(request, self.shared_parameters):
            keep_private(request)
        shell = None
        name = self.shell_name(request) if is_shareable(request) else None
        if name is not None:
            path = self.get_url_parts(request)[2]
            shell = Shell(path, name, read_from=getattr(request, "started_at", None))
            filled = shell.filled(self, request)
            if filled is not None:
                return mark(HttpResponse(filled), request)
            request.plainly_shell = shell
        try:
            response = super().serve(request, *args, **kwargs)
            # Rendered now: the regions its template draws (the discussion) may say, as they
            # render, that the page must not be shared.
            if hasattr(response, "render"):
                response.render()
        finally:
            request.plainly_shell = None
        if shell is not None and not response.streaming:
            # The regions always go in; the shell is kept from a page every reader gets.
            response.content = shell.keep(
                response.content.decode(response.charset),
                shareable=response.status_code == 200 and is_shareable(request),
            )
        return mark(response, request)
