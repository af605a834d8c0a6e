"""The full-page cache: whole responses for anonymous readers, kept in the "pages" cache.

An entry is looked up by scheme, host, path and the few query parameters that change a page.
Purging never has to find entries: it records when a path was last purged, and an entry made
before that moment is stale. A purge either withdraws (the entry is never served again) or
refreshes (the entry may still be served for the moment one process takes to render its
successor: readers never wait for a page that only gained something).

Entries live in the "pages" cache, where dropping one only costs a render; purge records live
in the default cache, which never drops anything before it expires, so that filling the page
cache with junk cannot bring back a copy a purge made stale. Entries remember when their render
*started*, so a page rendered while its comment was being approved is never taken for the fresh
one.
"""

import hashlib
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches


def _page_number(value: str) -> bool:
    # As pages link to them: 2, not 02 or ²; the page itself refuses to be shared when the number
    # is past its last page (pagecache.policy.keep_private), so no such copy is ever stored.
    return value.isascii() and value.isdigit() and value[0] != "0" and len(value) <= 6


# Query parameters that choose what a page shows, with the values that name a page of their own.
# Any other parameter or value (a typo, a cache-buster, order=abcd, a parameter given twice)
# sends the request past the cache, which then stores nothing: junk never becomes an entry.
PAGE_PARAMETERS = {
    "page": _page_number,
    "comments": _page_number,
    "order": {"oldest", "newest"}.__contains__,
}
# Added by mail, ads and social sites; they never change a page, so they are ignored.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = {"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "ref"}
ALL = "*"


def is_tracking(name: str) -> bool:
    return name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMETERS


# Part of every entry's key: bump it when Entry changes, so a new release never reads old entries.
FORMAT = 2


@dataclass
class Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    rendered_at: float
    expires_at: float
    etag: str = ""
    last_modified: str = ""


def cache():
    """Where copies of pages and fragments are kept."""
    return caches[settings.PAGE_CACHE_ALIAS]


def records():
    """Where purges are recorded: kept until they expire, never evicted."""
    return caches["default"]


def normal_query(query_string: str) -> str | None:
    """The query string that names the same page, or None if the request must not use the cache."""
    if not query_string:
        return ""
    if len(query_string) > 256:
        return None
    kept = {}
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if is_tracking(name):
            continue
        valid = PAGE_PARAMETERS.get(name)
        if valid is None or name in kept or not valid(value):
            return None
        kept[name] = value
    return urlencode(sorted(kept.items()))


def entry_key(scheme: str, host: str, path: str, query: str) -> str:
    digest = hashlib.sha256(f"{scheme}://{host}{path}?{query}".encode()).hexdigest()
    return f"pagecache:{FORMAT}:entry:{digest}"


def purged_key(path: str) -> str:
    return f"pagecache:purged:{hashlib.sha256(path.encode()).hexdigest()}"


def refreshed_key(path: str) -> str:
    return f"pagecache:refreshed:{hashlib.sha256(path.encode()).hexdigest()}"


def rewritten_key(path: str) -> str:
    """Marks a purge of every part of the path's page: one limited to some parts (a comment's,
    to the discussion) leaves the others' durable fragments standing."""
    return f"pagecache:rewritten:{hashlib.sha256(path.encode()).hexdigest()}"


# How long a durable fragment (fragments.Fragment) is used at most, however few purges reach it:
# the bound on a change its page shows without a purge of the page (a topic renamed, a question
# it lists as related retitled), as the page cache's own lifetime is for whole pages.
DURABLE_SECONDS = 3600

# How long after a refresh its path's old copies may still be served while a new one renders.
# A render takes well under a second; past this, a render that keeps failing stops hiding behind
# the old copy, and readers get what Django says.
STALE_SECONDS = 30


@dataclass(frozen=True)
class Marks:
    """When a path's copies were last withdrawn and last refreshed (0 if never)."""

    withdrawn: float
    refreshed: float

    @property
    def latest(self) -> float:
        return max(self.withdrawn, self.refreshed)

    def judge(self, rendered_at: float) -> str | None:
        """FRESH or STALE for a copy rendered at ``rendered_at``, or None if it may not be
        served at all."""
        if rendered_at > self.latest:
            return FRESH
        if rendered_at <= self.withdrawn or time.time() - self.refreshed >= STALE_SECONDS:
            return None
        return STALE


FRESH, STALE = "fresh", "stale"


def lookup(key: str, path: str) -> tuple[Entry, str] | None:
    """The entry under ``key`` and whether it is FRESH or STALE (rendered before its path was
    last refreshed, and may be served while its successor renders); None if there is none to
    serve."""
    found = memory.get(key, path, stale_ok=True)
    if found is not None and found[1] == FRESH:
        return found
    # A stale copy in this process's memory may have a successor in the shared cache already,
    # rendered by another process.
    entry = cache().get(key)
    # An entry's lifetime counts from its render, as its purge records' do: one saved late
    # (a long page sent slowly) is not kept past the records that could make it stale.
    if not isinstance(entry, Entry) or entry.expires_at <= time.time():
        return found
    marks = path_marks(path)
    state = marks.judge(entry.rendered_at)
    if state == FRESH:
        memory.put(key, entry)
    elif marks.latest > memory.last_purge:
        # Another process changed the page, and this one has not heard yet: the rows it keeps
        # may predate the change, and the render that follows (a reader's or a revalidation)
        # must not use them.
        memory.catch_up()
    return found if state is None else (entry, state)


def marks_of(found: dict, path: str) -> Marks:
    withdrawn = max(found.get(purged_key(path), 0), found.get(purged_key(ALL), 0))
    return Marks(withdrawn=withdrawn, refreshed=found.get(refreshed_key(path), 0))


def path_marks(path: str) -> Marks:
    """When ``path``, or every page, was last withdrawn or refreshed: one read."""
    keys = [purged_key(path), purged_key(ALL), refreshed_key(path)]
    return marks_of(records().get_many(keys), path)


def path_rewritten_at(path: str) -> float:
    """When every part of ``path``'s page, or of every page, last changed (0 if never)."""
    found = records().get_many([rewritten_key(path), rewritten_key(ALL)])
    return max(found.values(), default=0)


def path_purged_at(path: str) -> float:
    """When ``path`` last changed in any way (0 if never): what kept parts of a page go stale by."""
    return path_marks(path).latest


def save(key: str, entry: Entry, timeout: int) -> None:
    cache().set(key, entry, timeout)
    memory.put(key, entry)


def purge_paths(paths, *, withdraw: bool = True, whole: bool = True) -> None:
    """Make every cached copy of these paths (any host, any query) stale from now on: never
    served again if ``withdraw``, else served only while its successor renders. Their durable
    fragments go stale too if the change is not limited to some parts (``whole``)."""
    # Kept for good: its absence means the shared cache lost what it held (see Memory._sync).
    # Written first: a render whose process has not heard of it yet started before the markers'
    # time below, so its copy is never taken for one made after the change (PageCache.render).
    started = time.time()
    recorded = [LAST_PURGE_KEY, LAST_WHOLE_KEY] if whole else [LAST_PURGE_KEY]
    records().set_many(dict.fromkeys(recorded, started), None)
    now = time.time()
    marker = purged_key if withdraw else refreshed_key
    # A marker must outlive every entry made before it, so it is kept a little longer than they are.
    markers = {marker(path): now for path in set(paths)}
    records().set_many(markers, settings.PAGE_CACHE_SECONDS + 60)
    if whole:
        # These guard the durable fragments (fragments.Fragment), which outlive cached copies.
        rewritten = {rewritten_key(path): now for path in set(paths)}
        records().set_many(rewritten, max(settings.PAGE_CACHE_SECONDS, DURABLE_SECONDS) + 60)
    memory.forget_all(rows=whole)
    memory.heard_of(now, whole=whole)


def purge_everything() -> None:
    purge_paths([ALL])


LAST_PURGE_KEY = "pagecache:last-purge"
# The last purge of whole pages, not only of some parts (a comment's): what the rows each
# process keeps (kept_rows) go stale by.
LAST_WHOLE_KEY = "pagecache:last-whole-purge"
# How often each process asks the shared cache whether anything was purged. A purge reaches
# every process within this time, well inside the second a new comment may take to appear.
SYNC_SECONDS = 0.5
MAX_ALIASES = 10_000


class Memory:
    """Each process's own copy of its most-read pages, so a hit needs no I/O at all.

    The shared cache stays the authority: twice a second the process reads when anything was
    last purged, and after a purge each entry is checked against its path's marker on its next
    hit (one read), not thrown away, so one approved comment does not empty every process.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, list] = OrderedDict()
        # Request lines (scheme, host, path, query as received) already checked and keyed.
        self.aliases: dict[tuple, tuple[str, object]] = {}
        self.size = 0
        self.lock = threading.Lock()
        self.synced_at = 0.0
        self.last_purge = 0.0
        self.epoch = 0
        self.last_whole = 0.0
        self.rows_epoch = 0
        # The rows kept (kept_rows) show every purge of whole pages recorded before this time.
        self.rows_known_at = 0.0
        self.deaf = False

    def get(self, key: str, path: str, *, stale_ok: bool = False):
        """What is kept under ``key`` if nothing on ``path`` changed since it was rendered, else
        None. With ``stale_ok``, an entry whose path was only refreshed comes too, and the answer
        is ``(entry, FRESH or STALE)``."""
        if not self.max_bytes:
            return None
        self._sync()
        with self.lock:
            held = self.entries.get(key)
            if held is None:
                return None
            entry, expires_at, epoch, _size = held
            if expires_at < time.time():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            if epoch == self.epoch:
                return (entry, FRESH) if stale_ok else entry
            current = self.epoch
        state = path_marks(path).judge(entry.rendered_at)
        with self.lock:
            if state != FRESH:
                # A stale copy is served from the shared cache from now on, where its successor
                # will be.
                self._drop(key)
                return (entry, STALE) if state == STALE and stale_ok else None
            if key in self.entries:
                self.entries[key][2] = current
        return (entry, FRESH) if stale_ok else entry

    def seen(self, raw: tuple) -> tuple[Entry, object] | None:
        """The entry for a request line answered from this process's memory before, with what
        was remembered with it, if it is still fresh and nothing was purged since; otherwise
        None, and the full path decides."""
        alias = self.aliases.get(raw)
        if alias is None:
            return None
        self._sync()
        held = self.entries.get(alias[0])
        if held is None or held[2] != self.epoch or held[1] < time.time():
            return None
        return held[0], alias[1]

    def remember(self, raw: tuple, key: str, note: object = None) -> None:
        """Answer ``raw`` from the entry under ``key`` from now on (``seen``), with ``note``."""
        if not self.max_bytes or key not in self.entries:
            return
        if len(self.aliases) >= MAX_ALIASES:
            self.aliases.clear()  # odd request lines cannot grow it without bound
        self.aliases[raw] = (key, note)

    def put(self, key: str, entry, size: int | None = None) -> None:
        """Keep ``entry``: a page's Entry, or anything with ``rendered_at`` and ``expires_at``
        (a fragment) whose ``size`` in bytes is given."""
        size = len(entry.body) if size is None else size
        if not self.max_bytes or size > self.max_bytes // 8:
            return
        with self.lock:
            self._drop(key)
            # A render that started before the last purge this process knows of may show what
            # that purge removed: it is checked against its path's marker on its first hit.
            epoch = self.epoch if entry.rendered_at > self.last_purge else -1
            self.entries[key] = [entry, entry.expires_at, epoch, size]
            self.size += size
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def forget_all(self, *, rows: bool = True) -> None:
        with self.lock:
            self.aliases.clear()
            self.entries.clear()
            self.size = 0
            self.epoch += 1
            if rows:
                self.rows_epoch += 1  # rows kept until the next purge go too (kept_rows)

    def current_epoch(self) -> int | None:
        """A number that changes whenever this process hears of a purge; None while it cannot
        hear of them (the shared cache is unreachable, or lost its record of purges)."""
        try:
            self._sync()
        except Exception:
            return None
        return None if self.deaf else self.epoch

    def rows_current_since(self) -> float:
        """A time by which the rows this process keeps show every purge of whole pages: what
        is drawn from them is no newer than that (none are kept while purges go unheard)."""
        return math.inf if self.deaf else self.rows_known_at

    def current_rows_epoch(self) -> int | None:
        """A number that changes whenever this process hears of a purge of whole pages; None
        while it cannot hear of purges (the shared cache is unreachable, or lost its record)."""
        try:
            self._sync()
        except Exception:
            return None
        return None if self.deaf else self.rows_epoch

    def catch_up(self) -> None:
        """Look for purges now rather than at the next interval."""
        self.synced_at = 0.0
        self._sync()

    def heard_of(self, purge: float, *, whole: bool = True) -> None:
        """A purge this process made itself: no need to wait for the next look."""
        with self.lock:
            self.last_purge = purge
            self.epoch += 1
            if whole:
                self.last_whole = purge
                self.rows_epoch += 1
                # Look for other processes' purges at the next use of a kept row: until then,
                # nothing drawn from them can be stored as current (rows_current_since).
                self.synced_at = 0.0

    def _drop(self, key: str) -> None:
        held = self.entries.pop(key, None)
        if held is not None:
            self.size -= held[3]

    def _sync(self) -> None:
        now = time.monotonic()
        if now - self.synced_at < SYNC_SECONDS:
            return
        self.synced_at = now
        self.deaf = True  # until the shared cache answers with its record of purges
        looked_at = time.time()
        recorded = records().get_many([LAST_PURGE_KEY, LAST_WHOLE_KEY])
        last_purge = recorded.get(LAST_PURGE_KEY)
        last_whole = recorded.get(LAST_WHOLE_KEY)
        self.deaf = last_purge is None
        if last_whole is None:
            # Never recorded, or lost: the kept rows cannot be checked, and a record starts
            # (no purge yet, as for the record of all purges below).
            records().add(LAST_WHOLE_KEY, 0.0, None)
            last_whole = records().get(LAST_WHOLE_KEY, -1.0)
        if last_whole != self.last_whole:
            with self.lock:
                self.last_whole = last_whole
                self.rows_epoch += 1
        self.rows_known_at = looked_at
        if last_purge is None:
            # The shared cache holds no record of purges: it was emptied or restarted, or cannot
            # be reached, so purges may have gone unrecorded and nothing kept here can be
            # checked. Forget it all, and start a record for the next look: no purge yet (0), so
            # that the next look does not take the new record for one.
            self.forget_all()
            records().add(LAST_PURGE_KEY, 0.0, None)
            # Purges are heard of again once the record is there to read (not while the cache
            # is unreachable, when adding seems to work but keeps nothing).
            recorded = records().get(LAST_PURGE_KEY)
            self.deaf = recorded is None
            last_purge = -1.0 if recorded is None else recorded
        if last_purge != self.last_purge:
            with self.lock:
                self.last_purge = last_purge
                self.epoch += 1


memory = Memory(settings.PAGE_CACHE_MEMORY_MB * 1024 * 1024)
