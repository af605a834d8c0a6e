"""The Wagtail site a request is for, as pages and mails name it."""

from django.http import HttpRequest
from wagtail.models import Site

DEFAULT_NAME = "Plainly"


def site_name(request: HttpRequest) -> str:
    site = Site.find_for_request(request)
    return site.site_name if site and site.site_name else DEFAULT_NAME
