from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "plainly.search"
    label = "plainly_search"  # "search" would clash with wagtail.search's label.
    verbose_name = "Search"

    def ready(self):
        from plainly.search import receivers  # noqa: F401 - connects the signal receivers
