"""An attacker who fills the page cache cannot evict what keeps readers and accounts safe.

Anyone can make the page cache keep something new with every request (a search for new words
keeps its ranking). A cache that is full drops entries to make room: Django's file cache a random
third whenever it holds 300, Redis with a memory limit the least recently used. Rate-limit
counters and purge records live in a store of their own that drops nothing before it expires, so
such a flood neither gives a password guesser fresh tries nor brings back a page a moderator
changed. Tried on the embedded default's own stores and on a Redis for pages that evicts.
"""

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from plainly import config
from plainly.accounts.tests.factories import PASSWORD, make_member, make_staff
from plainly.discussion import moderation
from plainly.discussion.models import Comment
from plainly.discussion.spam import RATE_LIMITS, RateLimited, check_flag_rate
from plainly.discussion.tests.factories import make_comment
from plainly.pagecache import store
from plainly.questions.tests.factories import make_question, make_topic
from plainly.testing.servers import RedisServer
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db

# More new entries than the file cache holds before it culls (300).
FLOOD = 400


@pytest.fixture(params=["embedded default", "evicting Redis"])
def pages_store(request, settings, tmp_path, keep_the_test_connection) -> str:
    """The page cache as an attacker finds it: the embedded default's file cache, or a Redis
    with a memory limit that evicts; the records stay where the site keeps them."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    if request.param == "embedded default":
        shared = config.cache(
            "TEST_CACHE_URL", f"filecache://{tmp_path / 'cache'}", base_dir=tmp_path
        )
        settings.CACHES = {
            "default": config.records_cache(shared, directory=tmp_path / "records"),
            "pages": shared,
        }
        return request.param
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server")
    redis = RedisServer(tmp_path)
    redis.start("--maxmemory-policy", "allkeys-lru")
    request.addfinalizer(redis.stop)
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "plainly.backends.cache.ResilientRedisCache", "LOCATION": redis.url},
    }
    request.node.redis = redis
    return request.param


def flood(request, count: int = FLOOD) -> None:
    """What an attacker sends: searches no one made before, each kept by the page cache (as a
    fragment of the search page)."""
    redis = getattr(request.node, "redis", None)
    for number in range(count):
        if redis is not None and number == count // 4:
            # Room for a few entries more than Redis holds now, its clients connected and the
            # first searches kept: the rest of the flood must evict.
            used = int(redis.cli("info", "memory").split("used_memory:")[1].split()[0])
            redis.cli("config", "set", "maxmemory", str(used + 16 * 1024))
        status, _headers, _body = call_wsgi("/search/", query=f"q=word{number}x")
        assert status == 200


def assert_the_flood_evicted(pages_store: str, request, settings) -> None:
    """The attack was real: the page cache had to drop entries to take it."""
    if pages_store == "embedded default":
        kept = list(Path(settings.CACHES["pages"]["LOCATION"]).glob("*.djcache"))
        assert len(kept) < FLOOD
    else:
        stats = request.node.redis.cli("info", "stats")
        assert int(stats.split("evicted_keys:")[1].split()[0]) > 0


def sign_in(client, password):
    response = client.post("/accounts/login/", {"login": "alice@example.org", "password": password})
    # The test client connects Django's connection closing again after each request; the
    # requests sent to the WSGI stack that follow must not close the test's connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    return response


def test_failed_sign_ins_stay_counted_after_a_flood(pages_store, request, settings):
    make_member("Alice")
    client = Client()
    for _ in range(5):
        assert sign_in(client, "wrong guess").status_code == 200
    assert sign_in(client, "wrong guess").status_code == 429

    flood(request)

    assert_the_flood_evicted(pages_store, request, settings)
    assert sign_in(client, "another guess").status_code == 429
    assert sign_in(client, PASSWORD).status_code == 429  # even the right one, until it lifts


def test_discussion_limits_stay_counted_after_a_flood(pages_store, request, settings):
    # Flags: an hour's window, which no slow flood outlasts.
    allowed, _hour = RATE_LIMITS["flag"][0]
    for _ in range(allowed):
        check_flag_rate("ip:attacker")
    with pytest.raises(RateLimited):
        check_flag_rate("ip:attacker")

    flood(request)

    assert_the_flood_evicted(pages_store, request, settings)
    with pytest.raises(RateLimited):
        check_flag_rate("ip:attacker")


def text_of(body: bytes) -> str:
    return " ".join(BeautifulSoup(body, "html.parser").get_text().split())


def test_a_removed_comment_never_comes_back_after_a_flood(
    pages_store, request, settings, django_capture_on_commit_callbacks
):
    question = make_question(make_topic(title="Korea"), title="Is the Korean War over?")
    comment = make_comment(question, body="Words a moderator will remove.")
    call_wsgi(question.url)
    status, headers, body = call_wsgi(question.url)
    assert headers["X-Cache"] == "HIT" and "Words a moderator will remove." in text_of(body)

    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment, decision="remove", by=make_staff("Mo", group="Moderators"))
    assert Comment.objects.get().state == Comment.State.REMOVED
    flood(request)
    store.memory.forget_all()  # as in another process, which has only the shared stores

    assert_the_flood_evicted(pages_store, request, settings)
    for _ in range(3):
        status, _headers, body = call_wsgi(question.url)
        assert status == 200
        assert "Words a moderator will remove." not in text_of(body)


def test_the_records_store_never_evicts(settings, tmp_path):
    settings.CACHES = {
        "default": config.records_cache(
            config.cache("TEST_CACHE_URL", "filecache:///unused", base_dir=tmp_path),
            directory=tmp_path / "records",
        )
    }
    records = caches["default"]
    for number in range(2 * FLOOD):
        records.set(f"key{number}", number, 600)

    assert all(records.get(f"key{number}") == number for number in range(2 * FLOOD))
