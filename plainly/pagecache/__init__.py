"""The page cache: whole pages kept for anonymous readers, and dropped the moment they change.

What other apps may use is named here; the modules behind it are the page cache's own. The
names are looked up when first used: Django imports this package before any model is ready,
and purging needs Wagtail's models.
"""

from importlib import import_module

_EXPORTS = {
    # policy: which pages caches may share
    "SharedPageMixin": "policy",
    "shared": "policy",
    "keep_private": "policy",
    "is_shareable": "policy",
    "is_every_readers": "policy",
    # fragments and rows each process keeps, dropped with the pages
    "Fragment": "fragments",
    "drop_expired": "fragments",
    "kept": "kept_rows",
    "kept_each": "kept_rows",
    "kept_own": "kept_rows",
    "forget_kept": "kept_rows",
    # pages kept around their live regions, which their apps draw alone
    "register_region": "shells",
    "live_region": "shells",
    # purging: which pages show a change, and dropping them
    "paths_showing": "purging",
    "own_path": "purging",
    "paths_under": "purging",
    "purge": "purging",
    "purge_after_commit": "purging",
    "refresh": "purging",
    "refresh_after_commit": "purging",
    "purge_all_pages": "purging",
    "purge_all_pages_after_commit": "purging",
    # the WSGI layer in front of Django, and its renders of stale pages in the background
    "PageCache": "wsgi",
    "revalidations": "wsgi",
    # how often each page is read, counted whoever answered it
    "count_reads": "reads",
    "flush_reads": "reads",
    "most_read": "reads",
    "count_varnish_line": "reads",
    "is_a_readers_agent": "reads",
    "site_today": "reads",
    "VARNISH_FORMAT": "reads",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(import_module(f"{__name__}.{module}"), name)
