"""Redis going away: the site keeps serving from the database, says so in the log, and uses
Redis again as soon as it is back, without a restart. A real redis-server, stopped and started."""

import logging
import shutil

import pytest
from django.core.cache import cache

from plainly.pagecache import store
from plainly.questions.tests.factories import make_question, make_topic
from plainly.testing.isolation import clear_cache
from plainly.testing.servers import RedisServer
from plainly.testing.wsgi import call_wsgi

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


@pytest.fixture
def redis(tmp_path, settings):
    server = RedisServer(tmp_path)
    server.start()
    on_redis = {
        "BACKEND": "plainly.backends.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{server.port}/0",
    }
    settings.CACHES = {**settings.CACHES, "default": on_redis, "pages": on_redis}
    yield server
    if server.process.poll() is None:
        server.stop()


def test_pages_sign_in_and_search_carry_on_while_redis_is_down(client, redis, caplog):
    question = make_question(make_topic(title="Korea"), title="Is the Korean War over?")
    assert client.get(question.url).status_code == 200
    cache.set("plainly:probe", "kept")
    assert cache.get("plainly:probe") == "kept"

    redis.stop()
    caplog.set_level(logging.WARNING)

    assert client.get(question.url).status_code == 200
    assert client.get("/search/", {"q": "korean war"}).status_code == 200
    signing_in = client.post("/accounts/login/", {"login": "a@example.org", "password": "wrong"})
    assert signing_in.status_code == 200  # the form again, with its error
    assert cache.get("plainly:probe") is None  # a miss, not an error
    assert "Cache unreachable" in caplog.text

    redis.start()  # the same address, empty, as after a restart

    cache.set("plainly:probe", "back")
    assert cache.get("plainly:probe") == "back"
    assert client.get(question.url).status_code == 200


def test_no_process_serves_its_memory_copies_while_purges_cannot_be_heard(
    redis, settings, keep_the_test_connection
):
    settings.ALLOWED_HOSTS = ["localhost"]
    question = make_question(make_topic(title="Korea"), title="Is the Korean War over?")
    call_wsgi(question.url)
    assert call_wsgi(question.url)[1]["X-Cache"] == "HIT"

    redis.stop()
    store.memory.synced_at = 0.0  # the next request looks for purges, as it would within 0.5 s

    status, headers, _body = call_wsgi(question.url)
    assert (status, headers.get("X-Cache")) == (200, "MISS")  # rendered afresh, not from memory


def test_emptying_the_tests_cache_leaves_other_keys_in_redis(redis, settings):
    # Sites the tests serve, and the other xdist worker, keep their keys in the same Redis.
    settings.CACHES = {
        alias: {**settings.CACHES["default"], "KEY_PREFIX": "plainly-tests-this-one"}
        for alias in ("default", "pages")
    }
    client = cache._cache.get_client(write=True)
    client.set("plainly-site-another:1:pagecache:last-purge", "0")
    cache.set("probe", "mine")

    clear_cache()

    assert cache.get("probe") is None
    assert client.get("plainly-site-another:1:pagecache:last-purge") == b"0"


def test_every_call_shares_one_client_and_its_connections(redis):
    from django.core.cache import caches

    shared = caches["default"]
    shared.set("plainly:probe", "kept")
    client = shared._cache.get_client(write=True)

    assert [shared.get("plainly:probe") for _ in range(3)] == ["kept"] * 3
    shared.set("plainly:other", "also")
    assert shared._cache.get_client(write=True) is client
    assert shared._cache.get_client() is client  # one server: reads go where writes do
