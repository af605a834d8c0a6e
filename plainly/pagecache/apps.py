from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "plainly.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from plainly.pagecache import receivers  # noqa: F401
