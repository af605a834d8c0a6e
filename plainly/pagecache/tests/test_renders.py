"""Readers who miss the cache together get one render: a popular page just purged is rendered
once per process, not once per reader arriving while it renders."""

import io
import threading
import time

import pytest

from plainly.pagecache import store
from plainly.pagecache.wsgi import PageCache


class SlowPage:
    """A WSGI application that takes a while over each page and counts its renders."""

    def __init__(self, *, status="200 OK", cache_control="public, max-age=60, s-maxage=60"):
        self.status, self.cache_control = status, cache_control
        self.renders = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.renders += 1
            number = self.renders
        time.sleep(0.3)
        start_response(
            self.status, [("Content-Type", "text/html"), ("Cache-Control", self.cache_control)]
        )
        return [f"render {number} of {environ['PATH_INFO']}".encode()]


def request(path: str, **headers: str) -> dict:
    return {
        **headers,
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "HTTP_HOST": "localhost",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }


def read_together(application, paths: list[str]) -> list[tuple[str, dict, bytes]]:
    """Each of ``paths`` asked by a thread of its own, all at once, as a server's threads do."""
    answers = [None] * len(paths)
    start = threading.Barrier(len(paths))

    def read(number: int, path: str) -> None:
        started = {}

        def start_response(status, headers, exc_info=None):
            started["status"], started["headers"] = status, dict(headers)

        start.wait()
        body = application(request(path), start_response)
        try:
            content = b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        answers[number] = (started["status"], started["headers"], content)

    threads = [threading.Thread(target=read, args=pair) for pair in enumerate(paths)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    store.purge_everything()
    yield
    store.purge_everything()


def test_readers_missing_the_same_page_together_get_one_render():
    page = SlowPage()

    answers = read_together(PageCache(page), ["/popular/"] * 6)

    assert page.renders == 1
    assert {content for _status, _headers, content in answers} == {b"render 1 of /popular/"}
    assert sorted(headers["X-Cache"] for _status, headers, _content in answers) == [
        "HIT",
        "HIT",
        "HIT",
        "HIT",
        "HIT",
        "MISS",
    ]


def test_different_pages_render_side_by_side():
    page = SlowPage()

    paths = ["/one/", "/two/", "/one/", "/two/"]
    answers = read_together(PageCache(page), paths)

    assert page.renders == 2
    by_path = {}
    for asked, (_status, _headers, content) in zip(paths, answers, strict=True):
        by_path.setdefault(asked, set()).add(content)
    # Each page once, and every reader of it got that one render.
    assert {path: len(contents) for path, contents in by_path.items()} == {"/one/": 1, "/two/": 1}
    assert all(contents.pop().endswith(path.encode()) for path, contents in by_path.items())


@pytest.mark.parametrize(
    "page",
    [SlowPage(status="404 Not Found"), SlowPage(cache_control="private, no-cache")],
    ids=["not found", "private"],
)
def test_a_response_that_may_not_be_shared_is_rendered_for_each_reader(page):
    answers = read_together(PageCache(page), ["/personal/"] * 3)

    # The others waited for the first, found nothing they may share, and rendered their own.
    assert page.renders == 3
    assert len({content for _status, _headers, content in answers}) == 3


def test_a_conditional_request_renders_alone_and_keeps_no_one_waiting():
    class Revalidated(SlowPage):
        """Answers a browser's revalidation with 304, which is never stored."""

        def __call__(self, environ, start_response):
            if "HTTP_IF_NONE_MATCH" not in environ:
                return super().__call__(environ, start_response)
            with self.lock:
                self.renders += 1
            time.sleep(0.3)
            start_response("304 Not Modified", [("Cache-Control", "public, s-maxage=60")])
            return [b""]

    page = Revalidated()
    application = PageCache(page)
    statuses = []

    def revalidate():
        application(
            request("/popular/", HTTP_IF_NONE_MATCH='"v1"'),
            lambda status, headers, exc_info=None: statuses.append(status),
        )

    first = threading.Thread(target=revalidate)
    first.start()
    time.sleep(0.05)  # the revalidation is under way before the others arrive
    answers = read_together(application, ["/popular/"] * 3)
    first.join(timeout=30)

    # One render for the revalidation, one shared by the three readers, who did not wait for a
    # 304 they could not use and then render each their own.
    assert statuses == ["304 Not Modified"]
    assert page.renders == 2
    assert len({content for _status, _headers, content in answers}) == 1


def test_a_render_that_fails_lets_the_others_render():
    class FailingOnce(SlowPage):
        def __call__(self, environ, start_response):
            with self.lock:
                self.renders += 1
                first = self.renders == 1
            if first:
                time.sleep(0.3)
                raise RuntimeError("the database went away")
            return super().__call__(environ, start_response)

    page = FailingOnce()
    application = PageCache(page)
    failures = []

    def guarded(environ, start_response):
        try:
            return application(environ, start_response)
        except RuntimeError as error:
            failures.append(error)
            start_response("500 Internal Server Error", [])
            return [b""]

    answers = read_together(guarded, ["/flaky/"] * 4)

    assert len(failures) == 1
    served = [content for status, _headers, content in answers if status.startswith("200")]
    assert len(served) == 3 and all(content.startswith(b"render ") for content in served)
