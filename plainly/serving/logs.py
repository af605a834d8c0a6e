"""Logs operators can search: a request id on every line, one JSON line per request, no secrets.

``AccessLog`` is the outermost WSGI layer, so requests answered by the page cache or a probe are
logged too. Each request gets an id (the proxy's ``X-Request-ID`` when it sends a sane one), which
every log line written while it runs carries, and which goes back in the response's headers.
Paths that carry a secret (password-reset keys, email confirmations, unsubscribe tokens) are logged
without it, query strings are logged as their parameter names only, and email addresses anywhere
in a message are masked.
"""

import contextlib
import contextvars
import itertools
import json
import logging
import os
import re
import time
import uuid
from urllib.parse import parse_qsl

logger = logging.getLogger("plainly.access")
request_id = contextvars.ContextVar("request_id", default="-")

_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Routes whose last parts are a secret: what comes after the prefix is replaced, in the access
# line's path and wherever such a path appears in a message (Django's "Not Found: ..." and CSRF
# warnings name the path they refused).
_KEYED_ROUTES = "|".join(
    ["/accounts/password/reset/key/", "/accounts/confirm-email/", "/discussion/unsubscribe/"]
)
_SECRET_PATH = re.compile(rf"^({_KEYED_ROUTES})[^?]*")
_SECRET_IN_TEXT = re.compile(rf"({_KEYED_ROUTES})[^\s?\"'<>]*")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def safe_path(path: str) -> str:
    return mask_emails(_SECRET_PATH.sub(r"\1[hidden]", path))


def mask_emails(text: str) -> str:
    """``rita@example.org`` becomes ``r…@example.org``."""
    return _EMAIL.sub(r"\1…@\2", text)


def scrub(text: str) -> str:
    """A log message without the secrets a path may carry or the addresses it may name."""
    return mask_emails(_SECRET_IN_TEXT.sub(r"\1[hidden]", text))


def query_names(query_string: str) -> list[str]:
    return sorted({name for name, _value in parse_qsl(query_string, keep_blank_values=True)})


_ids = {"pid": 0, "prefix": "", "count": itertools.count()}


def new_request_id() -> str:
    """A process's random prefix and a counter: unique across servers and processes, and cheap
    (a cached page is answered in microseconds; a uuid4 a request would be a tenth of that)."""
    if _ids["pid"] != os.getpid():  # a new process (granian forks its workers): a new prefix
        _ids.update(pid=os.getpid(), prefix=uuid.uuid4().hex[:16], count=itertools.count())
    return f"{_ids['prefix']}{next(_ids['count']):016x}"


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, request id, message, and an access line's
    own fields; email addresses masked wherever they appear."""

    FIELDS = ("method", "path", "query", "status", "duration_ms", "bytes")

    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": scrub(record.getMessage()),
        }
        for field in self.FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def format(self, record):
        return scrub(super().format(record))


class AccessLog:
    """The outermost WSGI layer: a request id for each request, and one log line when it ends."""

    def __init__(self, application, observe=None):
        self.application = application
        # Told of every request as it ends: (method, status, answered by the page cache, seconds).
        self.observe = observe

    def __call__(self, environ, start_response):
        offered = environ.get("HTTP_X_REQUEST_ID", "")
        rid = offered if offered and _SANE_ID.fullmatch(offered) else new_request_id()
        token = request_id.set(rid)
        line = Line(environ, token, self.observe)

        def start(status, headers, exc_info=None):
            line.status = int(status.split(" ", 1)[0])
            # The size as declared: every response Plainly makes says it, so no byte is counted.
            for name, value in headers:
                lowered = name.lower()
                if lowered == "content-length":
                    line.bytes = int(value)
                elif lowered == "x-cache":
                    line.cached = value == "HIT"
            return start_response(status, [*headers, ("X-Request-ID", rid)], exc_info)

        try:
            return Counted(self.application(environ, start), line)
        except BaseException:
            line.status = line.status or 500
            line.end()
            raise


class Line:
    """What the access line of one request says; written once, when the response is done."""

    def __init__(self, environ, token, observe=None):
        self.environ = environ
        self.started = time.monotonic()
        self.token = token
        self.observe = observe
        self.status = 0
        self.bytes = None  # unknown when a response does not say
        self.cached = False
        self.ended = False

    def end(self) -> None:
        if self.ended:
            return
        self.ended = True
        method = self.environ.get("REQUEST_METHOD", "")
        if self.observe is not None:
            self.observe(method, self.status, self.cached, time.monotonic() - self.started)
        if logger.isEnabledFor(logging.INFO):  # a busy site may log warnings only
            path = safe_path(self.environ.get("PATH_INFO", ""))
            logger.info(
                "%s %s %s",
                method,
                path,
                self.status,
                extra={
                    "method": method,
                    "path": path,
                    "query": query_names(self.environ.get("QUERY_STRING", "")),
                    "status": self.status,
                    "duration_ms": round((time.monotonic() - self.started) * 1000, 1),
                    "bytes": self.bytes,
                },
            )
        # Closed from another context than the one that started it, there is nothing to undo.
        with contextlib.suppress(ValueError):
            request_id.reset(self.token)


class Counted:
    """The response body, passed through untouched; ends the line when the server closes it."""

    def __init__(self, body, line: Line):
        self.body, self.line = body, line

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.line.end()
