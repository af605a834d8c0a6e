"""Logs operators can search: a request id on every line, one JSON line per request, no secrets.

``AccessLog`` is the outermost WSGI layer, so requests answered by the page cache or a probe are
logged too. Each request gets an id (the proxy's ``X-Request-ID`` when it sends a sane one), which
every log line written while it runs carries, and which goes back in the response's headers.
Paths that carry a secret (password-reset keys, email confirmations, unsubscribe tokens) are logged
without it, query strings are logged as their parameter names only, and email addresses anywhere
in a message are masked.
"""

import atexit
import contextvars
import itertools
import json
import logging
import multiprocessing.util
import os
import re
import threading
import time
import uuid
from urllib.parse import parse_qsl

logger = logging.getLogger("plainly.access")
# No format of ours shows a record's thread or process, and looking them up costs every record
# (logging's documented optimisation).
logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
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


# What a path or message holds before it can name a secret route or an address: most hold none,
# and are passed on without a regular expression's search.
_KEYED_PREFIXES = ("/accounts/", "/discussion/unsubscribe/")


def _may_hold_a_secret(text: str) -> bool:
    return any(prefix in text for prefix in _KEYED_PREFIXES)


def safe_path(path: str) -> str:
    if path.startswith(_KEYED_PREFIXES):
        path = _SECRET_PATH.sub(r"\1[hidden]", path)
    return mask_emails(path)


def mask_emails(text: str) -> str:
    """``rita@example.org`` becomes ``r…@example.org``."""
    return _EMAIL.sub(r"\1…@\2", text) if "@" in text else text


def scrub(text: str) -> str:
    """A log message without the secrets a path may carry or the addresses it may name."""
    if _may_hold_a_secret(text):
        text = _SECRET_IN_TEXT.sub(r"\1[hidden]", text)
    return mask_emails(text)


def query_names(query_string: str) -> list[str]:
    return sorted({name for name, _value in parse_qsl(query_string, keep_blank_values=True)})


def _new_ids() -> None:
    global _id_prefix, _id_count
    _id_prefix, _id_count = uuid.uuid4().hex[:16], itertools.count()


_new_ids()
# A new process (granian forks its workers) gets a new prefix.
os.register_at_fork(after_in_child=_new_ids)


def new_request_id() -> str:
    """A process's random prefix and a counter: unique across servers and processes, and cheap
    (a cached page is answered in microseconds; a uuid4 a request would be a tenth of that)."""
    return f"{_id_prefix}{next(_id_count):016x}"


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request); an access line,
    written after its request, carries its own."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
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
    """The outermost WSGI layer: a request id for each request, and one log line when it ends.

    A request only notes what its line will say (and what the metrics count); a thread of the
    process reads the notes a few times a second, counts them and writes the lines (``Lines``),
    so that a cached page's answer, tens of microseconds, does not wait for either.
    """

    def __init__(self, application, observe=None, front=None):
        self.application = application
        # Told of the requests that ended, a batch at a time, by the writing thread, within
        # WRITE_EVERY_SECONDS: observe([(method, path, status, cached, html, agent, seconds),
        # ...]), where ``cached`` says the page cache answered, ``html`` that the response was a
        # web page, and ``agent`` is the user agent, for telling crawlers apart there and then
        # (no line carries it). Plain tuples, in batches: this runs for every request.
        self.observe = observe
        # Answers the commonest request (a page this process holds in memory) from its cache,
        # ahead of the layers below, none of which has a say in it: front(environ) gives
        # (status, headers, body, (size, html)), the headers a list this layer may add to, the
        # size the headers declare and whether the body is a web page; or None to pass the
        # request on.
        self.front = front

    def __call__(self, environ, start_response):
        started = time.monotonic()
        offered = environ.get("HTTP_X_REQUEST_ID")
        rid = offered if offered and _SANE_ID.fullmatch(offered) else new_request_id()
        if self.front is not None:
            answered = self.front(environ)
            if answered is not None:
                # Nothing runs meanwhile that logs: no request id is set for its lines.
                status, headers, body, described = answered
                headers.append(("X-Request-ID", rid))
                start_response(status, headers)
                agent = environ.get("HTTP_USER_AGENT", "")[:256]
                lines.add((
                    time.time(), rid, "GET", environ.get("PATH_INFO", ""),
                    environ.get("QUERY_STRING", ""), status, described,
                    time.monotonic() - started, self.observe, agent, FROM_FRONT,
                ))  # fmt: skip
                return body
        token = request_id.set(rid)
        line = Line(environ, rid, token, self.observe, started)

        def start(status, headers, exc_info=None):
            line.status, line.headers = status, headers
            return start_response(status, [*headers, ("X-Request-ID", rid)], exc_info)

        try:
            body = self.application(environ, start)
        except BaseException:
            line.status = line.status or "500"
            line.end()
            raise
        if type(body) is list:
            # Bytes in hand (a cached page, a probe): the line ends now, and the server keeps
            # its fast path for a list, which any wrapper would take away.
            line.end()
            return body
        return Counted(body, line)


class Line:
    """What the access line of one request says; noted once, when the response is done."""

    __slots__ = ("ended", "environ", "headers", "observe", "rid", "started", "status", "token")

    def __init__(self, environ, rid, token, observe=None, started=None):
        self.environ, self.rid, self.token, self.observe = environ, rid, token, observe
        self.started = time.monotonic() if started is None else started
        self.status, self.headers, self.ended = "", (), False

    def end(self) -> None:
        if self.ended:
            return
        self.ended = True
        environ = self.environ
        lines.add(
            (
                time.time(),
                self.rid,
                environ.get("REQUEST_METHOD", ""),
                environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""),
                self.status,
                self.headers,
                time.monotonic() - self.started,
                self.observe,
                # Enough to tell a crawler by; a longer one must not take the memory it says.
                environ.get("HTTP_USER_AGENT", "")[:256],
                None,
            )
        )
        try:  # noqa: SIM105 - contextlib.suppress costs more than the rest of this method
            request_id.reset(self.token)
        except ValueError:
            pass  # closed from another context than the one that started it: nothing to undo


# How often a process counts and writes the requests that ended meanwhile, and how many lines
# it makes and writes at a time.
WRITE_EVERY_SECONDS = 0.1
BATCH = 256
# Past this many waiting (a log stream that no longer takes lines), requests are not noted.
MAX_WAITING = 100_000


class Lines:
    """Notes of requests that ended, waiting to be counted and written by a thread of their
    process, in the order the requests ended."""

    def __init__(self):
        self.waiting: list[tuple] = []
        self.lock = threading.Lock()
        self.writing = False
        os.register_at_fork(after_in_child=self._forked)

    def _forked(self) -> None:
        # Threads do not follow a fork (granian forks its workers): the new process starts a
        # writer of its own, for its own requests (its parent writes those it noted).
        self.waiting, self.lock, self.writing = [], threading.Lock(), False

    def add(self, note: tuple) -> None:
        if len(self.waiting) < MAX_WAITING:  # a stream that stalls must not take all memory
            self.waiting.append(note)  # one call, atomic under the GIL
        if not self.writing:
            self._start_writer()

    def write(self) -> None:
        """Count and write every request noted so far."""
        with self.lock:
            waiting, self.waiting = self.waiting, []
            # A few hundred at a time: a busy process notes thousands a second, and made all at
            # once their records would take megabytes the process then keeps.
            for start in range(0, len(waiting), BATCH):
                try:
                    self._write(
                        _observed([_ended(*note) for note in waiting[start : start + BATCH]])
                    )
                except Exception:  # one bad batch must not cost the lines after it
                    logging.getLogger(__name__).exception("Could not write access lines")

    def _write(self, ended: list[tuple]) -> None:
        if not logger.isEnabledFor(logging.INFO):  # a busy site may log warnings only
            return
        streams = _plain_streams()
        if streams is None:
            for each in ended:
                logger.handle(_record(*each, cls=logging.LogRecord))
            return
        records = [_record(*each, cls=AccessRecord) for each in ended]
        for handler in streams:
            # One write for the batch, each line as the handler would have made it.
            text = "".join(
                handler.format(record) + handler.terminator
                for record in records
                if handler.filter(record)
            )
            with handler.lock:
                try:
                    handler.stream.write(text)
                    handler.stream.flush()
                except Exception:
                    handler.handleError(records[0])  # as logging does: reported, never raised

    def _start_writer(self) -> None:
        with self.lock:
            if self.writing:
                return
            self.writing = True
            threading.Thread(target=self._keep_writing, name="access-log", daemon=True).start()
            # A worker forked by multiprocessing leaves through os._exit, past atexit: its last
            # lines are written by multiprocessing's own exit hook.
            multiprocessing.util.Finalize(None, self.write, exitpriority=0)

    def _keep_writing(self) -> None:
        while True:
            time.sleep(WRITE_EVERY_SECONDS)
            try:
                self.write()
            except Exception:  # a handler that fails must not stop the lines after it
                logging.getLogger(__name__).exception("Could not write access lines")


# Marks the note of a request the front answered from a cache: its headers are (size, html).
FROM_FRONT = "front"


def _ended(
    at, rid, method, path, query, status_line, headers, seconds, observe, agent, answered_by
) -> tuple:
    """What a noted request's line says, read from its status line and headers, and what its
    observer is told."""
    status = int(status_line.split(" ", 1)[0] or 0)
    if answered_by is FROM_FRONT:
        size, html = headers
        line = (at, rid, method, path, query, status, seconds, size)
        return line, observe, (method, path, status, True, html, agent, seconds)
    # The size as declared: every response Plainly makes says it.
    size, cached, html = None, False, False
    for name, value in headers:
        length = len(name)  # compared by length first: most headers are none of these
        if length == 14 and name.lower() == "content-length":
            size = int(value)
        elif length == 7 and name.lower() == "x-cache":
            cached = value in ("HIT", "STALE")  # either way the page cache answered
        elif length == 12 and name.lower() == "content-type":
            html = value.startswith("text/html")
    line = (at, rid, method, path, query, status, seconds, size)
    return line, observe, (method, path, status, cached, html, agent, seconds)


def _observed(ended: list[tuple]) -> list[tuple]:
    """Tell each observer of its requests in ``ended`` (``_ended``'s), all at once; the lines."""
    lines, told = [], {}
    for line, observe, observation in ended:
        lines.append(line)
        if observe is not None:
            told.setdefault(observe, []).append(observation)
    for observe, observations in told.items():
        try:
            observe(observations)
        except Exception:  # the lines are written all the same
            logging.getLogger(__name__).exception("Could not count requests")
    return lines


class AccessRecord:
    """An access line, shaped as a log record for Plainly's own formatters and filter: made in a
    fraction of a LogRecord's time, for handlers that only format and write (_plain_streams)."""

    exc_info = exc_text = stack_info = None
    levelno = logging.INFO
    msg = "%s %s %s"

    def __init__(self, args: tuple, fields: dict, created: float):
        # Formats read the record's own attributes (its __dict__), not its class's.
        self.__dict__.update(fields, levelname="INFO", name=logger.name, args=args)
        self.created, self.msecs = created, (created - int(created)) * 1000

    def getMessage(self) -> str:  # logging's name
        return self.msg % self.args


def _record(at, rid, method, raw_path, query_string, status, seconds, size, *, cls):
    path = safe_path(raw_path)
    fields = {
        "request_id": rid,
        "method": method,
        "path": path,
        "query": query_names(query_string) if query_string else [],
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "bytes": size,
    }
    if cls is AccessRecord:
        return AccessRecord((method, path, status), fields, at)
    record = logger.makeRecord(
        logger.name, logging.INFO, __file__, 0, "%s %s %s", (method, path, status), None,
        extra=fields,
    )  # fmt: skip
    # Dated when the request ended, not when the line was written.
    record.created, record.msecs = at, (at - int(at)) * 1000
    return record


def _plain_streams() -> list[logging.StreamHandler] | None:
    """The handlers an access line reaches, if each is a plain stream with one of Plainly's own
    formatters (as the settings configure): they can take a batch in one write. None otherwise
    (a test capturing logs, another handler), and lines go through logging record by record."""
    handlers, current = [], logger
    while current is not None:
        handlers.extend(current.handlers)
        current = current.parent if current.propagate else None
    for handler in handlers:
        if (
            type(handler) is not logging.StreamHandler
            or type(handler.formatter) not in (PlainFormatter, JsonFormatter)
            or any(type(each) is not RequestIdFilter for each in handler.filters)
            or handler.level > logging.INFO
        ):
            return None
    return handlers


lines = Lines()
atexit.register(lines.write)  # a process that stops writes what it has


def flush() -> None:
    """Write the access lines of the requests that have ended (tests read them at once)."""
    lines.write()


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
