"""The site's public record of its corrections."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plainly.editorial.corrections import published_corrections
from plainly.serving.request_site import site_home

# Corrections are few: the newest this many are listed, on one page that shared caches keep.
SHOWN = 200


@require_GET
def corrections(request: HttpRequest) -> HttpResponse:
    """Every published question's corrections on this site, newest first, with links."""
    listed = published_corrections(site_home(request), SHOWN)
    return render(request, "editorial/corrections.html", {"corrections": listed})
