from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from wagtail.models import Site


@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    context = {"sitemap_url": f"{root_url}/sitemap.xml"}
    return render(request, "plainly/robots.txt", context, content_type="text/plain; charset=utf-8")
