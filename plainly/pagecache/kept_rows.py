"""Rows that nearly every page reads and that change only with a purge, kept in each process.

The site a request is for (with its home page), whether any page has a view restriction, the
discussion's site-wide settings and the live page a path leads to cost all five of a rendered
question's queries. Every change to them that readers could see purges pages
(``pagecache.receivers``, ``discussion.receivers``), so each process keeps them until it hears of
the next purge, which it does within ``store.SYNC_SECONDS`` (at once for a purge it made itself):
never longer than it keeps the pages that show them.
"""

import threading

from plainly.pagecache import store

# Past this many, a process starts afresh: pages are kept too, and a site has many.
MAX_KEPT = 256

_kept: dict = {}
_epoch: int | None = None
_lock = threading.Lock()


def kept(key, load):
    """``load()``'s value, loaded once per process until the next purge."""
    global _epoch
    epoch = store.memory.current_epoch()
    if epoch is None:  # purges cannot be heard of: keep nothing, as the memory tier does
        with _lock:
            _kept.clear()
            _epoch = None
        return load()
    if epoch != _epoch:
        with _lock:
            _kept.clear()
            _epoch = epoch
    try:
        return _kept[key]
    except KeyError:
        value = load()
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = value
        return value
