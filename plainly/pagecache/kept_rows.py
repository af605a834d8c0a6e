"""Rows that nearly every page reads and that change only with a purge, kept in each process.

The site a request is for (with its home page), whether any page has a view restriction, the
discussion's site-wide settings and the live page a path leads to cost all five of a rendered
question's queries. Every change to them that readers could see purges pages
(``pagecache.receivers``, ``discussion.receivers``), so each process keeps them until it hears of
the next purge, which it does within ``store.SYNC_SECONDS`` (at once for a purge it made itself):
never longer than it keeps the pages that show them. A purge limited to a part of pages (a
comment's, to the discussion) changes none of these rows, and leaves them kept.
"""

import threading
from collections import OrderedDict

from plainly.pagecache import store

# Past this many, the least recently used go: pages are kept too, and a site has many.
MAX_KEPT = 256


class _Kept:
    """Values loaded once and kept until the epoch that ``epoch()`` reads changes."""

    def __init__(self, epoch, most: int = MAX_KEPT):
        self.epoch_now = epoch
        self.values: OrderedDict = OrderedDict()
        self.epoch: int | None = None
        self.lock = threading.Lock()
        self.most = most

    def get(self, key, load):
        epoch = self.epoch_now()
        if epoch is None:  # purges cannot be heard of: keep nothing, as the memory tier does
            with self.lock:
                self.values.clear()
                self.epoch = None
            return load()
        if epoch != self.epoch:
            with self.lock:
                self.values.clear()
                self.epoch = epoch
        try:
            with self.lock:
                self.values.move_to_end(key)  # the least used go first
                return self.values[key]
        except KeyError:
            value = load()
            self._put(key, value)
            return value

    def get_each(self, keys, load) -> dict:
        """The value of each of ``keys``; ``load(missing)`` gives those not kept, as a dict,
        read together (a key it leaves out is kept as None)."""
        values = {}
        missing = []
        for key in keys:
            found = self.peek(key, _NOTHING, used=True)
            if found is _NOTHING:
                missing.append(key)
            else:
                values[key] = found
        if missing:
            loaded = load(missing)
            for key in missing:
                values[key] = self.get(key, lambda key=key: loaded.get(key))
        return values

    def peek(self, key, default=None, *, used: bool = False):
        """What is kept under ``key``, without loading it if nothing is; ``used``: as a use, which
        keeps it from going first."""
        epoch = self.epoch_now()
        if epoch is None or epoch != self.epoch:
            return default
        if not used:
            return self.values.get(key, default)
        with self.lock:
            found = self.values.get(key, _NOTHING)
            if found is _NOTHING:
                return default
            self.values.move_to_end(key)
            return found

    def remember(self, key, value) -> None:
        """Keep ``value``, drawn from rows as current as the ones kept, under ``key``."""
        epoch = self.epoch_now()
        if epoch is None:
            return
        with self.lock:
            if epoch != self.epoch:
                self.values.clear()
                self.epoch = epoch
        self._put(key, value)

    def forget(self, key) -> None:
        with self.lock:
            self.values.pop(key, None)

    def _put(self, key, value) -> None:
        with self.lock:
            self.values[key] = value
            self.values.move_to_end(key)
            if len(self.values) > self.most:
                # The least recently used: a crawler's stream of pages, each kept once, must not
                # push out the rows every page reads (the site, a topic's newest questions).
                self.values.popitem(last=False)


_NOTHING = object()

_rows = _Kept(lambda: store.memory.current_rows_epoch())
# Rows that one page or one search reads alone: many, each read by few requests.
_own_rows = _Kept(lambda: store.memory.current_rows_epoch())
_marks = _Kept(lambda: store.memory.current_epoch())
# Durable fragments (a page's article) are larger than rows, and fewer are worth keeping here.
_durable = _Kept(lambda: store.memory.current_rows_epoch(), most=64)


def kept(key, load):
    """``load()``'s value, loaded once per process until the next purge of whole pages."""
    return _rows.get(key, load)


def forget_kept(key) -> None:
    """Drop what ``kept`` holds under ``key`` in this process, for a change this process made
    before its purge is heard of (other processes hear of the purge)."""
    _rows.forget(key)


def kept_own(key, load):
    """As ``kept``, for rows that one page or one search reads alone (the page a path leads to,
    a search's results): kept apart from those many pages share, so that a crawler's stream of
    pages, each kept once, never pushes those out."""
    return _own_rows.get(key, load)


def kept_each(keys, load) -> dict:
    """``kept`` for several keys at once: ``load(missing)`` reads those not kept together, and
    gives their values as a dict (None for a key it leaves out)."""
    return _rows.get_each(keys, load)


def kept_until_any_purge(key, load):
    """As ``kept``, until the next purge of any part of any page: for the purges' own records."""
    return _marks.get(key, load)


def kept_durable(key, load):
    """As ``kept``, for the durable fragments stored in the database: a purge limited to some
    parts of a page (a comment's) leaves them standing, here as in the database."""
    return _durable.get(key, load)


def peek_durable(key):
    return _durable.peek(key)


def remember_durable(key, value) -> None:
    _durable.remember(key, value)
