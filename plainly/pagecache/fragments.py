"""Parts of a page kept rendered between requests, for the renders the page cache cannot skip.

A page that is not in the page cache (its first reader, another page of its comments, a member's
view) is still mostly the same as last time. A fragment is one such part, kept in the shared cache
under the page's path, and it goes stale by the very purges that make the whole page stale: an
approved comment or a published revision makes both the page and its fragments stale at once.
"""

import hashlib
import logging
import time

from django.conf import settings

from plainly.pagecache import store
from plainly.pagecache.kept_rows import kept

logger = logging.getLogger(__name__)


class Fragment:
    """One rendered part of the page at ``path``, named by what it shows (``name``)."""

    def __init__(self, path: str, name: str):
        self.path, self.name = path, name
        digest = hashlib.sha256(f"{path}\0{name}".encode()).hexdigest()
        self.key = f"pagecache:{store.FORMAT}:fragment:{digest}"
        self.started = 0.0

    def get(self):
        """The kept value if nothing on the path was purged since it was rendered, else None."""
        # Taken before the lookup: a render that follows starts no earlier than this.
        self.started = time.time()
        if not settings.PAGE_CACHE_SECONDS:
            return None
        path = self.path
        try:
            # A path's purge markers change only with a purge, so each process keeps them until
            # it hears of the next one: a kept fragment then costs one read instead of three.
            purged = kept(("purged at", path), lambda: purged_at(path))
            held = store.cache().get(self.key)
        except Exception:
            logger.warning("Fragment cache unreachable; rendering afresh", exc_info=True)
            return None
        if not isinstance(held, tuple) or held[0] <= purged:
            return None
        return held[1]

    def keep(self, value) -> None:
        """Keep ``value``, rendered from what the database held at the last ``get``."""
        if not settings.PAGE_CACHE_SECONDS:
            return
        try:
            store.cache().set(self.key, (self.started, value), settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Fragment cache unreachable; not kept", exc_info=True)


def purged_at(path: str) -> float:
    """When ``path``, or every page, was last purged (0 if never)."""
    markers = [store.purged_key(path), store.purged_key(store.ALL)]
    return store.purged_at(store.cache().get_many(markers), path)
