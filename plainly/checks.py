"""System checks for mistakes in a deployment that Django cannot see on its own."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def site_address_matches_base_url(app_configs=None, **kwargs) -> list[Warning]:
    """Canonical links and the sitemap use Wagtail's site address; it should be PLAINLY_BASE_URL."""
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # Not migrated yet: nothing to compare.
        return []
    if site is None or site.root_url == settings.BASE_URL:
        return []
    return [
        Warning(
            f"The default site's address is {site.root_url} but PLAINLY_BASE_URL is "
            f"{settings.BASE_URL}; canonical links and the sitemap use the site's address.",
            hint="Change the site under Settings → Sites in the admin, or PLAINLY_BASE_URL.",
            obj=site,
            id="plainly.W001",
        )
    ]


@register(Tags.caches, deploy=True)
def records_are_never_evicted(app_configs=None, **kwargs) -> list[Warning]:
    """Rate limits and purge records need a Redis that never evicts keys before they expire."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    records = caches["default"]
    if not isinstance(records, RedisCache):
        return []
    try:
        client = records._cache.get_client()
        config = {**client.config_get("maxmemory"), **client.config_get("maxmemory-policy")}
    except Exception:  # CONFIG may be refused (managed Redis) or Redis away: nothing to tell
        return []
    if int(config.get("maxmemory", 0) or 0) == 0 or config.get("maxmemory-policy") == "noeviction":
        return []
    return [
        Warning(
            f"The Redis at PLAINLY_CACHE_URL may evict keys (maxmemory-policy "
            f"{config.get('maxmemory-policy')}): rate limits and purge records kept there could "
            f"be lost before they expire.",
            hint="Run it with maxmemory-policy noeviction (or no maxmemory), and give the page "
            "cache a Redis of its own that evicts with PLAINLY_PAGE_CACHE_URL: deploy/redis.md.",
            id="plainly.W002",
        )
    ]


@register(Tags.caches, deploy=True)
def pages_apart_from_records(app_configs=None, **kwargs) -> list[Warning]:
    """Copies of pages, which anyone can make more of, must not fill the records' Redis."""
    records, pages = settings.CACHES["default"], settings.CACHES["pages"]
    if "Redis" not in records["BACKEND"] or records.get("LOCATION") != pages.get("LOCATION"):
        return []
    return [
        Warning(
            "PLAINLY_PAGE_CACHE_URL is the Redis that keeps rate limits and purge records: a "
            "flood of new addresses can fill it, and then those records are not written.",
            hint="Leave PLAINLY_PAGE_CACHE_URL unset (a file cache on each machine) or give it "
            "a Redis of its own that evicts: deploy/redis.md.",
            id="plainly.W003",
        )
    ]
