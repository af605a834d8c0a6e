"""A URL configuration with one view that fails, to see what a reader gets when code breaks."""

from django.db import OperationalError
from django.urls import path

from plainly.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug in a view")


def database_away_view(request):
    raise OperationalError("connection to server failed: Connection refused")


urlpatterns = [
    path("broken/", broken_view),
    path("database-away/", database_away_view),
    *site_urlpatterns,
]

handler500 = "plainly.views.server_error"
