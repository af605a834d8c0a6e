"""What Plainly sends a caching proxy: each purge with its secret and host, and again later."""

import http.server
import threading
import time
from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from plainly.pagecache import frontend, purging
from plainly.testing.proxies import PURGE_SECRET
from plainly.testing.servers import wait_for


class Recorded(http.server.BaseHTTPRequestHandler):
    """A proxy that notes every request it is sent (method, path, host, secret, when)."""

    def answer(self):
        self.server.seen.append(
            (
                self.command,
                self.path,
                self.headers["Host"],
                self.headers[frontend.SECRET_HEADER],
                time.monotonic(),
            )
        )
        self.send_response(200)
        self.end_headers()

    do_PURGE = do_BAN = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.FRONTEND_CACHE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.FRONTEND_CACHE_SECRET = PURGE_SECRET
    yield server.seen
    server.shutdown()


def test_a_purge_is_sent_with_the_secret_and_the_pages_host_then_again(proxy):
    purging.purge({"/korea/is-the-korean-war-over/": "https://answers.example.org"})

    assert wait_for(lambda: len(proxy) == 2, timeout=10)
    (first, second) = proxy
    assert first[:4] == (
        "PURGE",
        "/korea/is-the-korean-war-over/",
        "answers.example.org",
        PURGE_SECRET,
    )
    assert second[:4] == first[:4]
    # By then every server process has looked for purges, and serves no copy from before.
    assert second[4] - first[4] >= frontend.AGAIN_AFTER_SECONDS


def test_a_change_any_page_may_show_bans_every_page(proxy, db):
    purging.purge_all_pages()

    assert wait_for(lambda: len(proxy) == 2, timeout=10)
    host = urlsplit(Site.objects.get(is_default_site=True).root_url).netloc
    assert {request[:4] for request in proxy} == {("BAN", "/", host, PURGE_SECRET)}


def test_nothing_is_sent_without_a_proxy(settings, monkeypatch):
    settings.FRONTEND_CACHE_URL = ""
    sent = []
    monkeypatch.setattr(frontend, "_send", lambda *request: sent.append(request))

    purging.purge({"/": "http://localhost"})
    purging.purge_all_pages()

    assert sent == []
