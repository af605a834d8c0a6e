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

logger = logging.getLogger(__name__)

# The purge markers of each path as this process last read them, with its purge epoch then: until
# it hears of another purge they are the same, and a fragment costs one read instead of three.
_markers: dict[str, tuple[int, float]] = {}
MAX_MARKERS = 10_000


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
            epoch = store.memory.current_epoch()
            known = _markers.get(path)
            if epoch is not None and known is not None and known[0] == epoch:
                held, purged = store.cache().get(self.key), known[1]
            else:
                found = store.cache().get_many(
                    [self.key, store.purged_key(path), store.purged_key(store.ALL)]
                )
                held, purged = found.get(self.key), store.purged_at(found, path)
                if epoch is not None:
                    if len(_markers) >= MAX_MARKERS:
                        _markers.clear()
                    _markers[path] = (epoch, purged)
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
