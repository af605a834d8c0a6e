"""Request bodies over a size limit are refused with 413 before a byte of them is read.

Readers send a few kilobytes at most (a comment, a sign-in); editors upload images and documents.
A larger body is refused here, in the WSGI layer, so a hostile client cannot make a server read,
buffer or parse megabytes it will never use.
"""

from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user
from django.db import close_old_connections
from django.http.cookie import parse_cookie
from django.template.loader import render_to_string

from plainly.serving.responses import answer

MB = 1024 * 1024
SITE_LIMIT = 1 * MB
ADMIN_LIMIT = 32 * MB  # above Wagtail's 10 MB image limit, with room for a document
ADMIN_ACCESS = "wagtailadmin.access_admin"


def limit_for(path: str) -> int:
    return ADMIN_LIMIT if path.startswith("/admin/") else SITE_LIMIT


def signed_in_staff(environ) -> bool:
    """Whether the request carries the session of a member of staff, signed in now (the
    session's hash still matches the account). Asked only of bodies over the site's limit on
    their way to the admin, so its reads cost editors' uploads alone and spare everyone else."""
    key = parse_cookie(environ.get("HTTP_COOKIE", "")).get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    try:
        session = import_module(settings.SESSION_ENGINE).SessionStore(key)
        user = get_user(SimpleNamespace(session=session))
        # Who may open the admin (accounts.staff.is_staff, which this layer may not import):
        # Django's has_perm is already False for inactive accounts and True for admins.
        return user.has_perm(ADMIN_ACCESS)
    except Exception:
        return False  # a store that cannot be read lets nobody upload
    finally:
        close_old_connections()


class BodyLimit:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads a malformed length as no body, and so does this
        limit = limit_for(environ.get("PATH_INFO", ""))
        # The admin takes uploads, but only from staff who have signed in.
        if length <= SITE_LIMIT or (length <= limit and signed_in_staff(environ)):
            return self.application(environ, start_response)
        return answer(
            environ,
            start_response,
            "413 Content Too Large",
            render_to_string("413.html").encode(),
            content_type="text/html; charset=utf-8",
            # The body was never read: the connection cannot carry another request.
            headers=(("Connection", "close"),),
        )
