"""Django's Redis cache, made to survive Redis going away.

Plainly keeps only what it can rebuild in the cache (pages, fragments, rate-limit counts, purge
marks), so an unreachable Redis is treated as an empty one: reads miss, writes are dropped, and
a warning is logged (at most every ten seconds per process). When Redis returns, the next call
uses it again; nothing needs a restart. Calls give up after a second, so a Redis that hangs
costs a second, not a request's whole life.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

WARN_EVERY = 10.0
TIMEOUT_SECONDS = 1.0
_warned_at = 0.0


def _unreachable(error: Exception) -> None:
    global _warned_at
    now = time.monotonic()
    if now - _warned_at >= WARN_EVERY:
        _warned_at = now
        logger.warning("Cache unreachable, serving without it: %s", error)


def _or(fallback):
    """Run the cache call; if Redis cannot be reached, log it and give ``fallback(args)``."""

    def decorate(method):
        @wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                _unreachable(error)
                return fallback(*args, **kwargs)

        return call

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


class _OneClientPerPool(RedisCacheClient):
    """Django makes a new ``redis.Redis`` for every call, and each builds its table of some 250
    reply handlers: about a tenth of a millisecond a call, several a render. A client takes a
    connection from its pool for each command, so threads can share one; one per pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", TIMEOUT_SECONDS)
        super().__init__(server, params)
        self._class = _OneClientPerPool

    get = _or(_default)(RedisCache.get)
    set = _or(lambda *args, **kwargs: None)(RedisCache.set)
    # As if the key were new: a lock or a rate-limit window a missing Redis cannot hold is
    # granted (rate limits fall open, with the warning in the log), rather than refusing all.
    add = _or(lambda *args, **kwargs: True)(RedisCache.add)
    touch = _or(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _or(lambda *args, **kwargs: False)(RedisCache.delete)
    has_key = _or(lambda *args, **kwargs: False)(RedisCache.has_key)
    get_many = _or(lambda *args, **kwargs: {})(RedisCache.get_many)
    set_many = _or(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = _or(lambda *args, **kwargs: None)(RedisCache.delete_many)

    @_or(lambda key, *args, **kwargs: _missing(key))
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)


def _missing(key):
    # What Django's API says for a key that is not there: callers already handle it.
    raise ValueError(f"Key {key!r} not found (the cache is unreachable)")
