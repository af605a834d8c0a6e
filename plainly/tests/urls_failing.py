"""A URL configuration with one view that fails, to see what a reader gets when code breaks."""

from django.urls import path

from plainly.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
