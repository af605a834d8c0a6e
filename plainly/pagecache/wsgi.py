"""A WSGI layer in front of Django that answers anonymous readers from the page cache.

A hit costs a cache read: no middleware, no URL resolving, no database. Only requests that
could get a shared page are looked up: GET or HEAD, no cookie that makes a page personal, a
known host, and no query parameter the cache does not understand. Only responses that say they
may be shared (``Cache-Control: public``) and set no cookie are stored.

A page whose path was refreshed (it gained a comment, a new revision was published) is still
served from its old copy, marked STALE and kept by no other cache, while one background thread
renders its successor; a page whose content was withdrawn is never served from an old copy.
"""

import io
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import get_path_info
from django.db import connections
from django.http.request import split_domain_port, validate_host
from django.utils.http import parse_etags, parse_http_date_safe

from plainly.pagecache import store
from plainly.pagecache.policy import has_personal_cookie, personal_cookie_names

logger = logging.getLogger(__name__)

# Paths whose responses are never pages: they keep their own caching, or none.
PASSED_PREFIXES = (
    "/static/",
    "/media/",
    "/admin/",
    "/accounts/",
    "/discussion/",
    "/api/",
    "/search/",
)
# How long a reader who missed the cache waits for the same page's render already under way in
# this process, before rendering it too. A render takes milliseconds; this bounds a stuck one.
RENDER_WAIT_SECONDS = 5
# Request headers that make Django answer differently from the stored page.
PERSONAL_HEADERS = ("HTTP_AUTHORIZATION",)
# Requests with any of these take the full path: cookies to look into, conditions to answer.
PLAIN_SKIPS = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def raw_request(environ) -> tuple:
    """The request line as the server gave it, before any of the checks ``place`` makes."""
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_X_FORWARDED_PROTO"),
        environ.get("HTTP_HOST"),
        environ.get("PATH_INFO"),
        environ.get("QUERY_STRING"),
    )


class PageCache:
    def __init__(self, application):
        self.application = application
        self.personal_cookies = personal_cookie_names()

    def __call__(self, environ, start_response):
        if not settings.PAGE_CACHE_SECONDS:
            return self.application(environ, start_response)
        seen = self.answer_seen(environ)
        if seen is not None:
            status, headers, body, _described = seen
            start_response(status, headers)
            return body
        place = self.place(environ)
        if place is None:
            return self.application(environ, start_response)
        key, path = place
        try:
            found = store.lookup(key, path)
        except Exception:
            # A cache that is down makes every request a miss, never an error.
            logger.warning("Page cache unavailable; serving without it", exc_info=True)
            return self.application(environ, start_response)
        if found is not None:
            entry, state = found
            if state == store.STALE:
                self.revalidate(environ, key, path)
                return self.answer(environ, start_response, entry, stale=True)
            return self.hit(environ, start_response, key, entry)
        if environ["REQUEST_METHOD"] != "GET":
            return self.application(environ, start_response)
        return self.render_once(environ, start_response, key, path)

    def answer_seen(self, environ) -> tuple | None:
        """The answer to the common case, in a few dictionary reads: a plain GET (no cookie, no
        condition) for exactly the request line this process answered from its memory before,
        while that copy is current. ``(status, headers, body, (size, html))``: the status line,
        the headers (a new list), the body (a list), and for the access log, the size the
        headers declare and whether it is a web page. None for any other request: the full path
        decides.

        It comes before every other layer of the WSGI stack (``plainly.wsgi``): none of them
        lets a request it answers itself reach the cache, so none can have a say in this one.
        """
        if environ.get("REQUEST_METHOD") != "GET" or any(map(environ.get, PLAIN_SKIPS)):
            return None
        try:
            seen = store.memory.seen(raw_request(environ))
        except Exception:
            return None
        if seen is None or not settings.PAGE_CACHE_SECONDS:
            return None
        entry, described = seen
        age = ("Age", str(max(0, int(time.time() - entry.rendered_at))))
        # A plain tuple (a named one takes longer to make than the rest of this together).
        return entry.status, [*entry.headers, age, HIT], [entry.body], described

    def hit(self, environ, start_response, key: str, entry: store.Entry):
        """Answer from ``entry``, and remember this request line for ``answer_seen``, with what
        the access log says of its answer."""
        headers = {name.lower(): value for name, value in entry.headers}
        described = (
            int(headers.get("content-length", len(entry.body))),
            headers.get("content-type", "").startswith("text/html"),
        )
        store.memory.remember(raw_request(environ), key, described)
        return self.answer(environ, start_response, entry)

    def render_once(self, environ, start_response, key: str, path: str):
        """Render a page missing from the cache, unless another thread of this process is
        rendering it already (a popular page just purged): then wait for that copy instead."""
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            # Its answer may be a 304, which is not stored: others must not wait for it.
            return self.render(environ, start_response, key, done=lambda: None)
        leading, render = renders.join(key)
        if leading:
            return self.render(environ, start_response, key, done=lambda: renders.end(key, render))
        if render.wait(RENDER_WAIT_SECONDS):
            try:
                found = store.lookup(key, path)
            except Exception:
                found = None
            if found is not None and found[1] == store.FRESH:
                return self.hit(environ, start_response, key, found[0])
        return self.render(environ, start_response, key, done=lambda: None)

    def revalidate(self, environ, key: str, path: str) -> None:
        """Have the page behind a stale copy rendered afresh and stored, in the background,
        unless a render of it is under way already, in this process or another."""
        # The page a reader with no cookie and no condition gets, as the stored copy must be.
        request = {
            name: value
            for name, value in environ.items()
            if name not in ("HTTP_COOKIE", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
        }
        request.update({"REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO(), "CONTENT_LENGTH": ""})
        try:
            revalidations.start(key, lambda: self.render_quietly(request, key, path))
        except Exception:  # the reader still gets the old copy (a process shutting down, say)
            logger.warning("Could not start rendering a stale page afresh", exc_info=True)

    def render_quietly(self, environ, key: str, path: str) -> bool:
        """Render the page for the cache alone (nobody is waiting for this response); whether a
        fresh copy is stored now."""
        found = store.lookup(key, path)
        if found is not None and found[1] == store.FRESH:
            return True  # rendered meanwhile (the task waited its turn)
        body = self.render(environ, lambda *args: None, key, done=lambda: None)
        try:
            for _chunk in body:
                pass
        finally:
            getattr(body, "close", lambda: None)()
        return isinstance(body, Recorder) and body.stored

    def place(self, environ) -> tuple[str, str] | None:
        """The cache key and path for this request, or None if it must not use the cache."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if any(environ.get(header) for header in PERSONAL_HEADERS):
            return None
        if has_personal_cookie(environ.get("HTTP_COOKIE", ""), self.personal_cookies):
            return None
        path = get_path_info(environ)
        if len(path) > 512 or path.startswith(PASSED_PREFIXES):
            return None
        query = store.normal_query(environ.get("QUERY_STRING", ""))
        if query is None:
            return None
        host = environ.get("HTTP_HOST", "").lower()
        domain, port = split_domain_port(host)
        if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
            return None  # Django answers 400; that is never stored.
        if port and host != urlsplit(settings.BASE_URL).netloc.lower():
            # Django checks the domain, not the port: each of 65,535 ports would get copies of
            # every page. Only the port readers are sent to (PLAINLY_BASE_URL's) is cached.
            return None
        return store.entry_key(scheme(environ), host, path, query), path

    def answer(self, environ, start_response, entry: store.Entry, *, stale: bool = False):
        age = ("Age", str(max(0, int(time.time() - entry.rendered_at))))
        if stale:
            # Kept by nobody: browsers and proxies ask again, and get its successor.
            kept = [
                (name, value) for name, value in entry.headers if name.lower() != "cache-control"
            ]
            headers = [*kept, ("Cache-Control", "no-store"), age, ("X-Cache", "STALE")]
        else:
            headers = [*entry.headers, age, HIT]
        if not_modified(environ, entry):
            kept = [(name, value) for name, value in headers if name.lower() not in ENTITY_HEADERS]
            start_response("304 Not Modified", kept)
            return [b""]
        start_response(entry.status, headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            return [b""]
        return [entry.body]

    def render(self, environ, start_response, key: str, done):
        """Django's response, stored once sent if it may be shared; ``done()`` once it is stored
        or known not to be."""
        rendered_at = time.time()
        try:
            # Rows this process keeps until it hears of a purge (the page a path leads to, its
            # view restrictions) are read again if one came since its last look: a copy dated
            # from before that look never shows what a purge after it took away.
            store.memory.catch_up()
        except Exception:
            logger.warning("Page cache unavailable; rendering without it", exc_info=True)
        response = {}

        def capture(status, headers, exc_info=None):
            response["status"], response["headers"] = status, headers
            return start_response(status, [*headers, ("X-Cache", "MISS")], exc_info)

        try:
            body = self.application(environ, capture)
            timeout = storable_for(response.get("status", ""), response.get("headers", []))
            if not timeout:
                done()
                return body
            return Recorder(
                body, key, response["status"], response["headers"], rendered_at, timeout, done
            )
        except BaseException:
            done()
            raise


HIT = ("X-Cache", "HIT")


class Renders:
    """The renders under way in this process, by cache key: the first reader to miss a page
    renders it, and those who miss it meanwhile wait for that copy."""

    def __init__(self):
        self.lock = threading.Lock()
        self.under_way: dict[str, threading.Event] = {}

    def join(self, key: str) -> tuple[bool, threading.Event]:
        """Whether this thread leads the render of ``key``, and the event that says it ended."""
        with self.lock:
            render = self.under_way.get(key)
            if render is not None:
                return False, render
            render = self.under_way[key] = threading.Event()
            return True, render

    def end(self, key: str, render: threading.Event) -> None:
        with self.lock:
            if self.under_way.get(key) is render:
                del self.under_way[key]
        render.set()


renders = Renders()

# How long a process may hold the one render of a stale page before another may try: a render
# that fails is tried again no sooner, so a page that breaks is not rendered for every reader.
REVALIDATE_CLAIM_SECONDS = 5
# Threads per process rendering stale pages: enough to keep up with a burst of refreshes, few
# enough that readers' own requests keep the processor.
REVALIDATE_THREADS = 2


class Revalidations:
    """The background renders of stale pages in this process: at most one per page across every
    process sharing the cache, claimed in the shared cache before it starts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.under_way: dict[str, object] = {}
        self.executor: ThreadPoolExecutor | None = None
        self.pid = 0
        # Tests whose data lives in their own open transaction render in the request's thread,
        # the one that sees it (plainly.testing.wsgi.keep_the_test_connection).
        self.in_background = True

    def start(self, key: str, render) -> None:
        """Have ``render()`` (which says whether it stored a fresh copy) run once for ``key``."""
        with self.lock:
            if key in self.under_way:
                return
            self.under_way[key] = None  # held while the claim is asked for
        claim = f"pagecache:revalidating:{key}"
        try:
            claimed = store.records().add(claim, os.getpid(), REVALIDATE_CLAIM_SECONDS)
        except Exception:
            logger.warning("Page cache unavailable; not revalidated", exc_info=True)
            claimed = False
        if not claimed:  # another process renders it, or none can be told apart
            with self.lock:
                self.under_way.pop(key, None)
            return
        if not self.in_background:
            self.run(key, claim, render)
            return
        with self.lock:
            if self.executor is None or self.pid != os.getpid():
                # Threads do not survive a fork: each server process starts its own.
                self.executor = ThreadPoolExecutor(REVALIDATE_THREADS, "revalidate")
                self.pid = os.getpid()
            try:
                # Under the lock: the task cannot end (and let go of ``key``) before it is noted.
                self.under_way[key] = self.executor.submit(self.run, key, claim, render)
            except Exception:
                self.under_way.pop(key, None)
                raise

    def run(self, key: str, claim: str, render) -> None:
        try:
            if render():
                store.records().delete(claim)  # stored: the next change may be rendered at once
            # Otherwise (Django answered with an error, say) the claim holds the other readers'
            # renders back until it expires.
        except Exception:
            logger.exception("Could not render a stale page afresh")
        finally:
            with self.lock:
                self.under_way.pop(key, None)
            if self.in_background:
                # This thread's own database connection: closed, as a request's would be.
                connections.close_all()

    def wait(self, timeout: float = 30) -> None:
        """Until the renders under way have ended (for tests and for a process that stops)."""
        with self.lock:
            pending = list(self.under_way.values())
        for future in pending:
            if future is not None:
                future.result(timeout)


revalidations = Revalidations()


class Recorder:
    """Passes the body on as it is sent, and stores the whole response once it has all gone."""

    def __init__(self, body, key, status, headers, rendered_at, timeout, done):
        self.body, self.key, self.status, self.headers = body, key, status, headers
        self.rendered_at, self.timeout, self.done = rendered_at, timeout, done
        self.chunks = []
        self.stored = False

    def __iter__(self):
        for chunk in self.body:
            self.chunks.append(chunk)
            yield chunk
        headers = dict((name.lower(), value) for name, value in self.headers)
        entry = store.Entry(
            status=self.status,
            headers=self.headers,
            body=b"".join(self.chunks),
            rendered_at=self.rendered_at,
            expires_at=self.rendered_at + self.timeout,
            etag=headers.get("etag", ""),
            last_modified=headers.get("last-modified", ""),
        )
        try:
            store.save(self.key, entry, self.timeout)
            self.stored = True
        except Exception:
            logger.warning("Page cache unavailable; page not stored", exc_info=True)
        self.done()

    def close(self):
        # The server closes every response, sent whole or not: those waiting stop waiting.
        self.done()
        # Django closes its database connections and sends request_finished here.
        close = getattr(self.body, "close", None)
        if close is not None:
            close()


ENTITY_HEADERS = {"content-length", "content-type", "content-encoding", "content-language"}


def scheme(environ) -> str:
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        header, value = proxy_header
        if environ.get(header, "").split(",")[0].strip() == value:
            return "https"
    return environ.get("wsgi.url_scheme", "http")


def storable_for(status: str, headers: list[tuple[str, str]]) -> int:
    """How long a response may be kept, in seconds; 0 if it must not be stored."""
    names = {name.lower(): value for name, value in headers}
    if not status.startswith("200") or "set-cookie" in names:
        return 0
    directives = dict(
        part.strip().lower().partition("=")[::2]
        for part in names.get("cache-control", "").split(",")
    )
    if "public" not in directives or directives.keys() & {"private", "no-store", "no-cache"}:
        return 0
    shared = directives.get("s-maxage", "")
    return min(int(shared), settings.PAGE_CACHE_SECONDS) if shared.isdigit() else 0


def not_modified(environ, entry: store.Entry) -> bool:
    """Whether the reader's copy is the stored one (RFC 9110's rules, weak comparison for GET)."""
    if "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        if not entry.etag:
            return False
        wanted = parse_etags(if_none_match[:1024])
        return "*" in wanted or strip_weak(entry.etag) in {strip_weak(tag) for tag in wanted}
    if_modified_since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", "")[:64])
    last_modified = parse_http_date_safe(entry.last_modified)
    return bool(if_modified_since and last_modified and last_modified <= if_modified_since)


def strip_weak(etag: str) -> str:
    return etag[2:] if etag.startswith("W/") else etag
