"""Liveness and readiness, for load balancers and orchestrators.

``/healthz`` says the process answers at all and touches nothing else, so a database outage never
gets healthy servers restarted. ``/readyz`` says whether this process can do its work: the
database, the cache and the task queue each answer. Both are answered in the WSGI layer, before
Django checks the Host header: probes usually come by IP address, not by the site's name.
"""

import json
import logging
import time

from django.core.cache import cache
from django.db import close_old_connections, connection

from plainly.serving.responses import answer

logger = logging.getLogger(__name__)

PATHS = {"/healthz", "/readyz"}


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    key = "plainly:readyz"
    cache.set(key, time.time(), 30)
    if cache.get(key) is None:
        raise RuntimeError("the cache kept nothing")


def check_tasks() -> None:
    # The queue is a table: reachable when one of its rows can be asked for.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.only("pk").first()


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks}


def readiness() -> tuple[bool, dict[str, str]]:
    """Whether every part answers, and what each said ("ok", or why not)."""
    report = {}
    close_old_connections()  # a connection broken by an outage is replaced, not reused
    try:
        for name, check in CHECKS.items():
            try:
                check()
                report[name] = "ok"
            except Exception as error:
                logger.warning("Not ready: %s: %s", name, error)
                report[name] = f"unavailable: {type(error).__name__}"
    finally:
        close_old_connections()
    return all(value == "ok" for value in report.values()), report


class Health:
    """A WSGI layer answering ``/healthz`` and ``/readyz``; everything else passes through."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO")
        if path not in PATHS or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.application(environ, start_response)
        if path == "/healthz":
            ok, report = True, {"status": "ok"}
        else:
            ok, report = readiness()
        return answer(
            environ,
            start_response,
            "200 OK" if ok else "503 Service Unavailable",
            json.dumps(report).encode(),
            content_type="application/json",
        )
