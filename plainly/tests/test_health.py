"""/healthz and /readyz: what a load balancer or an orchestrator asks a server."""

import json

import pytest
from django.core.cache import cache

from plainly.serving import health
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    """The probe's own connection handling must not end the test's transaction."""
    monkeypatch.setattr(health, "close_old_connections", lambda: None)


def probe(path: str, *, method: str = "GET", host: str = "10.0.0.7") -> tuple[int, dict, bytes]:
    # Probes come by address, not by the site's name.
    return call_wsgi(path, method=method, HTTP_HOST=host, REMOTE_ADDR="10.0.0.1")


def test_liveness_answers_from_any_address_and_is_never_cached():
    status, headers, body = probe("/healthz")

    assert status == 200
    assert json.loads(body) == {"status": "ok"}
    assert headers["Cache-Control"] == "no-store"


def test_readiness_reports_each_part():
    status, _headers, body = probe("/readyz")

    assert status == 200
    assert json.loads(body) == {"database": "ok", "cache": "ok", "tasks": "ok"}


@pytest.mark.parametrize("part", ["database", "cache", "tasks"])
def test_a_part_down_makes_the_server_unready_and_says_which(monkeypatch, part, caplog):
    def down():
        raise ConnectionError(f"{part} is down")

    monkeypatch.setitem(health.CHECKS, part, down)

    status, _headers, body = probe("/readyz")

    assert status == 503
    report = json.loads(body)
    assert report[part] == "unavailable: ConnectionError"
    assert [name for name, said in report.items() if said != "ok"] == [part]
    assert f"Not ready: {part}" in caplog.text
    # Liveness does not depend on any of them.
    assert probe("/healthz")[0] == 200


def test_a_cache_that_keeps_nothing_is_not_ready(monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)

    status, _headers, body = probe("/readyz")
    assert status == 503
    assert json.loads(body)["cache"] == "unavailable: RuntimeError"


def test_head_gets_the_status_without_a_body():
    status, headers, body = probe("/readyz", method="HEAD")
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) > 0


@pytest.mark.parametrize(("method", "path"), [("POST", "/healthz"), ("GET", "/healthz/extra")])
def test_other_methods_and_paths_go_to_the_site(method, path):
    status, headers, _body = probe(path, method=method, host="localhost")
    assert status != 200
    assert headers.get("Content-Type") != "application/json"
