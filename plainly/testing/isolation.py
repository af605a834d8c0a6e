"""What each test starts from: an empty cache, and rows made once for a module."""

import pytest


def rows_for_the_module(make):
    """A module-scoped fixture giving what ``make()`` adds to the database, made once for the
    module's tests and rolled back after the last of them, as ``TestCase.setUpTestData`` keeps
    its rows. Each test still runs in a savepoint of its own: what one changes, the next does
    not see. For modules whose tests all use the ``db`` fixture, not ``transactional_db``."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        from django.db import transaction

        with django_db_blocker.unblock(), transaction.atomic():
            yield make()
            transaction.set_rollback(True)

    return fixture


def clear_cache() -> None:
    """Empty the cache the tests use (and only that: Redis may hold other keys)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    # The backends themselves: ``django.core.cache.cache`` is a proxy.
    for cache in (caches["default"], caches["pages"]):
        if isinstance(cache, RedisCache):
            # clear() would empty the whole Redis database, with the keys of the sites the tests
            # serve and of the other xdist worker in it; remove only this process's own keys.
            client = cache._cache.get_client(write=True)
            for key in client.scan_iter(match=f"{cache.key_prefix}:*"):
                client.delete(key)
        else:
            cache.clear()
    # Each process's own copy of cached pages goes too, and it looks for purges afresh.
    from plainly.pagecache import store

    store.memory.forget_all()
    store.memory.synced_at = 0.0


def reads_counted_in_the_test() -> None:
    """Pages' reads this process counts are added to the database when a test says
    (``flush_reads``), in its own transaction, not by a thread of their own; and none counted in
    an earlier test carry over."""
    from plainly.pagecache import reads

    reads.tally.in_background = False
    with reads.tally.lock:
        reads.tally.counts.clear()
