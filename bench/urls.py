"""The site's URLs plus ``/bench/bare/``: a Django view that returns the bytes of a stored page.

It runs through the same server, WSGI layer and middleware as a page, but renders nothing and
reads no database, so that "render a page" can be compared with "be a Django view at all".
"""

import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from plainly.urls import urlpatterns as site_urlpatterns


@cache
def stored_page() -> bytes:
    return Path(os.environ["PLAINLY_BENCH_PAGE"]).read_bytes()


def bare(request):
    return HttpResponse(stored_page())


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
