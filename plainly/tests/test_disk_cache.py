"""The embedded default's records store keeps its connection from one request to the next."""

from plainly.backends.disk_cache import KeptDiskCache


def connection_of(cache: KeptDiskCache):
    (shard,) = cache._cache._shards  # one shard, as config.records_cache sets up
    return shard._con


def test_the_end_of_a_request_leaves_the_connection_open(tmp_path):
    cache = KeptDiskCache(str(tmp_path), {"SHARDS": 1, "OPTIONS": {"eviction_policy": "none"}})
    cache.set("purged", 1.5, None)
    before = connection_of(cache)

    cache.close()  # what Django's close_caches does to each cache as a request finishes

    assert connection_of(cache) is before
    assert cache.get("purged") == 1.5
