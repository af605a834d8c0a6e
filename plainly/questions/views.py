"""Views of the page tree beside Wagtail's own routing."""

from allauth.core import ratelimit
from django.http import HttpRequest, HttpResponse
from wagtail.documents.views import serve as documents
from wagtail.views import authenticate_with_password

ACTION = "page_password"  # its rates are in ACCOUNT_RATE_LIMITS, beside the sign-in's


def guessed_slowly(view, *, restriction_kwarg: str):
    """Wagtail's form for a password, with wrong guesses limited as failed sign-ins are: per
    address, and per password (however many addresses guess it), then a 429 page."""

    def limited(request: HttpRequest, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, **kwargs)
        key = f"{restriction_kwarg}:{kwargs[restriction_kwarg]}"
        if not ratelimit.consume(request, action=ACTION, key=key, dry_run=True):
            return ratelimit.respond_429(request)
        response = view(request, **kwargs)
        if response.status_code != 302:  # the form again: a wrong password
            ratelimit.consume(request, action=ACTION, key=key)
        return response

    return limited


# A private page's password, and a private collection's (documents).
authenticate_with_page_password = guessed_slowly(
    authenticate_with_password, restriction_kwarg="page_view_restriction_id"
)
authenticate_with_collection_password = guessed_slowly(
    documents.authenticate_with_password, restriction_kwarg="restriction_id"
)
