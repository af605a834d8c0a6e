"""Parts of a page kept rendered between requests, for the renders the page cache cannot skip.

A page that is not in the page cache (its first reader, another page of its comments, a member's
view) is still mostly the same as last time. A fragment is one such part, kept in the shared cache
under the page's path, and it goes stale by the very purges that make the whole page stale: an
approved comment or a published revision makes both the page and its fragments stale at once.
Each process also keeps the fragments it reads in its memory tier, beside whole pages, and checks
them against purges the same way, so a kept fragment costs no read at all.
"""

import copy
import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings

from plainly.pagecache import store
from plainly.pagecache.kept_rows import kept

logger = logging.getLogger(__name__)


@dataclass
class Kept:
    """A fragment in a process's memory tier."""

    value: object
    rendered_at: float
    expires_at: float


def size_of(value) -> int:
    """About how many bytes ``value`` holds: rendered parts are text (alone or in a dict),
    search counts and rankings a few numbers."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        return sum(size_of(part) for part in value.values())
    if isinstance(value, (list, tuple)):
        return 8 * len(value) + sum(size_of(part) for part in value if isinstance(part, str))
    return 64


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
            in_memory = store.memory.get(self.key, path)
            if in_memory is not None:
                return copy.copy(in_memory.value)  # each request its own dict or list
            # A path's purge markers change only with a purge, so each process keeps them until
            # it hears of the next one: a fragment from the shared cache then costs one read.
            purged = kept(("purged at", path), lambda: store.path_purged_at(path))
            held = store.cache().get(self.key)
        except Exception:
            logger.warning("Fragment cache unreachable; rendering afresh", exc_info=True)
            return None
        if not isinstance(held, tuple) or held[0] <= purged:
            return None
        if held[0] + settings.PAGE_CACHE_SECONDS <= time.time():
            return None  # past its render's lifetime, which its purge records outlive
        self._remember(held[0], held[1])
        return held[1]

    def _remember(self, rendered_at: float, value) -> None:
        # Counted from the render, as in the shared cache: a purge record outlives the copy.
        expires_at = rendered_at + settings.PAGE_CACHE_SECONDS
        store.memory.put(self.key, Kept(value, rendered_at, expires_at), size_of(value))

    def keep(self, value) -> None:
        """Keep ``value``, rendered from what the database held at the last ``get``."""
        if not settings.PAGE_CACHE_SECONDS:
            return
        try:
            store.cache().set(self.key, (self.started, value), settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Fragment cache unreachable; not kept", exc_info=True)
            return
        self._remember(self.started, value)
