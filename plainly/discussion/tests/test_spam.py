"""The discussion's rate limits count in fixed windows that end when they should."""

import time

import pytest

from plainly.discussion import spam
from plainly.discussion.spam import RateLimited, check_flag_rate

pytestmark = pytest.mark.django_db

WINDOW = 4  # seconds: long enough to refuse within it, short enough to wait out


@pytest.fixture
def short_window(monkeypatch):
    """The flag limit, three in a few seconds, so that a window can be waited out."""
    monkeypatch.setitem(spam.RATE_LIMITS, "flag", [(3, WINDOW)])


def flag_until_refused(reader: str = "ip:attacker") -> float:
    """Use up the window; when it started."""
    started = time.monotonic()
    for _ in range(3):
        check_flag_rate(reader)
    with pytest.raises(RateLimited):
        check_flag_rate(reader)
    return started


def test_refused_tries_neither_count_against_the_end_nor_push_it_out(short_window):
    started = flag_until_refused()
    for _ in range(5):  # refused again and again, within the window
        with pytest.raises(RateLimited):
            check_flag_rate("ip:attacker")
    assert time.monotonic() - started < WINDOW  # (all of that within the window)

    time.sleep(max(0.0, started + WINDOW + 0.3 - time.monotonic()))

    check_flag_rate("ip:attacker")  # the window ended when it should: counted afresh


def test_each_reader_has_a_window_of_their_own(short_window):
    flag_until_refused()
    check_flag_rate("ip:someone-else")


def test_a_window_keeps_its_lifetime_in_the_store_as_it_counts():
    from django.core.cache import cache

    check_flag_rate("ip:attacker")
    check_flag_rate("ip:attacker")
    key = "discussion:rate:flag:ip:attacker:3600"

    # An hour from the first flag, not from the last: incr() left the lifetime alone. (Django's
    # file cache gave every count a new five minutes.)
    assert cache.get(key) == 2
    assert expiry_of(key) > 3500


def expiry_of(key: str) -> float:
    """Seconds left to ``key`` in the default cache: Redis, or the embedded default's store."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    store = caches["default"]
    if isinstance(store, RedisCache):
        return store._cache.get_client().ttl(store.make_and_validate_key(key))
    _value, expire_time = store._cache.get(store.make_and_validate_key(key), expire_time=True)
    return expire_time - time.time()
