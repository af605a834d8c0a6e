import shutil

import pytest
from wagtail.models import Site

from plainly.checks import (
    pages_apart_from_records,
    records_are_never_evicted,
    site_address_matches_base_url,
)
from plainly.testing.servers import RedisServer

pytestmark = pytest.mark.django_db


def test_a_fresh_install_takes_its_site_address_from_base_url(settings):
    assert Site.objects.get(is_default_site=True).root_url == settings.BASE_URL
    assert site_address_matches_base_url() == []


def test_a_site_address_that_differs_from_base_url_is_reported(settings):
    settings.BASE_URL = "https://answers.example.org"

    warnings = site_address_matches_base_url()

    assert [warning.id for warning in warnings] == ["plainly.W001"]
    assert "https://answers.example.org" in warnings[0].msg


@pytest.fixture
def redis_for_records(tmp_path, settings):
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server")
    redis = RedisServer(tmp_path)
    redis.start()
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "plainly.backends.cache.ResilientRedisCache", "LOCATION": redis.url},
    }
    yield redis
    redis.stop()


def test_a_redis_that_may_evict_the_records_is_reported(redis_for_records):
    assert records_are_never_evicted() == []  # Redis's defaults: no limit, no eviction

    redis_for_records.cli("config", "set", "maxmemory", "100mb")
    assert records_are_never_evicted() == []  # a limit, but writes are refused, not evicted

    redis_for_records.cli("config", "set", "maxmemory-policy", "allkeys-lru")
    [warning] = records_are_never_evicted()
    assert warning.id == "plainly.W002"
    assert "allkeys-lru" in warning.msg


def test_page_copies_in_the_records_redis_are_reported(settings):
    on_redis = {
        "BACKEND": "plainly.backends.cache.ResilientRedisCache",
        "LOCATION": "redis://r:6379/0",
    }
    settings.CACHES = {"default": on_redis, "pages": {**on_redis}}
    [warning] = pages_apart_from_records()
    assert warning.id == "plainly.W003"

    settings.CACHES = {"default": on_redis, "pages": {**on_redis, "LOCATION": "redis://p:6379/0"}}
    assert pages_apart_from_records() == []
