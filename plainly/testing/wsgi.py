"""Requests sent straight to the WSGI stack a server runs, without a server."""

import io

import pytest


def wsgi_application():
    from plainly.wsgi import application

    return application


def call_wsgi(
    path: str, *, method: str = "GET", query: str = "", body=None, **environ: str
) -> tuple[int, dict[str, str], bytes]:
    """Send one request straight to ``plainly.wsgi.application``, the stack a server runs; its
    status, headers and body. ``environ`` holds WSGI names (HTTP_HOST=..., CONTENT_LENGTH=...)."""
    from wsgiref.util import setup_testing_defaults

    request = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "localhost",
        "REMOTE_ADDR": "192.0.2.1",
        "wsgi.input": body if body is not None else io.BytesIO(b""),
        **environ,
    }
    setup_testing_defaults(request)
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, dict(headers)

    response = wsgi_application()(request, start_response)
    try:
        content = b"".join(response)
    finally:
        if hasattr(response, "close"):
            response.close()
    return int(started["status"].split()[0]), started["headers"], content


@pytest.fixture
def keep_the_test_connection(monkeypatch):
    """Requests sent straight to the WSGI app close the database connection when they end, which
    would end the test's transaction; Django's own test client stops that the same way. For the
    same reason a stale page is rendered afresh in the thread of the request that found it, which
    sees the test's data, rather than in a background thread, which would not (the served tests
    and test_revalidation use the background threads)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from plainly.pagecache.wsgi import revalidations

    monkeypatch.setattr(revalidations, "in_background", False)
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
