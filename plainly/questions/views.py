"""Views of the page tree beside Wagtail's own routing."""

from allauth.core import ratelimit
from django.http import HttpRequest, HttpResponse
from wagtail.views import authenticate_with_password

ACTION = "page_password"  # its rates are in ACCOUNT_RATE_LIMITS, beside the sign-in's


def authenticate_with_page_password(
    request: HttpRequest, page_view_restriction_id: int, page_id: int
) -> HttpResponse:
    """Wagtail's form for a page's password, with wrong guesses limited as failed sign-ins are:
    per address, and per password, however many addresses guess it."""
    if request.method != "POST":
        return authenticate_with_password(request, page_view_restriction_id, page_id)
    key = f"restriction:{page_view_restriction_id}"
    if not ratelimit.consume(request, action=ACTION, key=key, dry_run=True):
        return ratelimit.respond_429(request)
    response = authenticate_with_password(request, page_view_restriction_id, page_id)
    if response.status_code != 302:  # the form again: a wrong password
        ratelimit.consume(request, action=ACTION, key=key)
    return response
