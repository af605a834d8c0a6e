"""Parts of a page kept rendered between requests, for the renders the page cache cannot skip.

A page that is not in the page cache (its first reader, another page of its comments, a member's
view) is still mostly the same as last time. A fragment is one such part, kept in the shared cache
under the page's path, and it goes stale by the very purges that make the whole page stale: an
approved comment or a published revision makes both the page and its fragments stale at once.
Each process also keeps the fragments it reads in its memory tier, beside whole pages, and checks
them against purges the same way, so a kept fragment costs no read at all.

A *durable* fragment is also stored in the database (``StoredFragment``), for the renders that
find nothing in a cache: after a restart, past an eviction, or after a change to another part of
the page. A purge limited to some parts of a page (``purging.purge(..., only=...)``: a comment's,
to the discussion) leaves the other parts' durable fragments standing, so the article a comment
sits under is not drawn again for it; any other purge of the page drops them, and none is used
past ``store.DURABLE_SECONDS``.
"""

import contextvars
import copy
import functools
import hashlib
import json
import logging
import math
import time
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.safestring import SafeString

from plainly.backends.prepared import Prepared
from plainly.backends.transactions import redrawable
from plainly.pagecache import store
from plainly.pagecache.kept_rows import (
    kept_durable,
    kept_own,
    kept_until_any_purge,
    peek_durable,
    remember_durable,
)
from plainly.pagecache.models import StoredFragment

logger = logging.getLogger(__name__)

# When the oldest durable fragment a render has used so far was drawn: a fragment that holds
# another (a page's shell, its article) is no newer than what it holds.
_oldest_part = contextvars.ContextVar("oldest durable part used", default=math.inf)


def start_noting_parts() -> None:
    """From now on, note the durable fragments this render uses (``oldest_part_noted``)."""
    _oldest_part.set(math.inf)


def oldest_part_noted() -> float:
    """When the oldest durable fragment used since ``start_noting_parts`` was drawn; and start
    again."""
    oldest = _oldest_part.get()
    _oldest_part.set(math.inf)
    return oldest


_STORED = Prepared(
    lambda key: StoredFragment.objects.filter(key=key).values_list("rendered_at", "value"),
    key="no fragment has this key",
)


class _NotStored(Exception):
    """No durable copy of a fragment is stored."""


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

    def __init__(
        self,
        path: str,
        name: str,
        *,
        durable: bool = False,
        shared: bool = True,
        read_from: float | None = None,
    ):
        """``read_from``: when the request whose render this is began, before it read any row
        (the route to its page, say), for a durable fragment."""
        self.path, self.name = path, name
        self.read_from = read_from
        # Not shared: kept in this process's memory only, for a part whose page the page cache
        # shares anyway, so that other processes would seldom read it.
        self.shared = shared
        self.digest = hashlib.sha256(f"{path}\0{name}".encode()).hexdigest()
        self.key = f"pagecache:{store.FORMAT}:fragment:{self.digest}"
        self.durable = durable
        self.part = name.partition(":")[0]
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
                self._used(in_memory.rendered_at)
                return copy.copy(in_memory.value)  # each request its own dict or list
            if self.durable and peek_durable(self.digest) is not None:
                # A durable copy this process read or stored, which outlives a purge of only
                # some parts of the page: as good as the shared cache's, and nearer.
                return self._stored()
            if not self.shared:
                return self._stored()
            # A path's purge markers change only with a purge, so each process keeps them until
            # it hears of the next one: a fragment from the shared cache then costs one read.
            purged = kept_until_any_purge(("purged at", path), lambda: store.path_purged_at(path))
            held = store.cache().get(self.key)
        except Exception:
            logger.warning("Fragment cache unreachable; rendering afresh", exc_info=True)
            return self._stored()
        if not isinstance(held, tuple) or held[0] <= purged:
            return self._stored()
        if held[0] + settings.PAGE_CACHE_SECONDS <= time.time():
            return self._stored()  # past its render's lifetime, which its purge records outlive
        self._remember(held[0], held[1])
        self._used(held[0])
        return held[1]

    def _used(self, rendered_at: float) -> None:
        if self.durable and rendered_at < _oldest_part.get():
            _oldest_part.set(rendered_at)

    def _stored(self):
        """The durable copy, if it was rendered since every part of the page last changed. Each
        process keeps the copies it read or stored until it hears of a purge of whole pages, as
        it keeps rows: a comment's purge leaves the article under it standing, read no more."""
        if not self.durable:
            return None
        path = self.path
        try:
            found = kept_durable(self.digest, self._read_stored)
            # Read after the row (a page never drawn, as most first renders' are, needs no
            # more): a purge between the two reads finds the row stale, as it is.
            rewritten = kept_own(("rewritten at", path), lambda: store.path_rewritten_at(path))
        except _NotStored:  # not kept: another process may store it any time
            return None
        except Exception:
            logger.warning("Stored fragments unreachable; rendering afresh", exc_info=True)
            return None
        rendered_at, value = found
        if rendered_at <= rewritten or rendered_at + store.DURABLE_SECONDS <= self.started:
            return None
        self._used(rendered_at)
        return copy.copy(value)  # each request its own dict or list

    def _read_stored(self):
        rows = _STORED.rows(key=self.digest)
        if not rows:
            raise _NotStored
        rendered_at, value = rows[0]
        return rendered_at, json.loads(zlib.decompress(value), object_hook=_as_safe)

    def _remember(self, rendered_at: float, value) -> None:
        # Counted from the render, as in the shared cache: a purge record outlives the copy.
        expires_at = rendered_at + settings.PAGE_CACHE_SECONDS
        store.memory.put(self.key, Kept(value, rendered_at, expires_at), size_of(value))

    def keep(self, value) -> None:
        """Keep ``value``, rendered from what the database held at the last ``get``."""
        if not settings.PAGE_CACHE_SECONDS:
            return
        rendered_at = self.started
        if self.durable:
            # Dated as the rows it shows: as old as the request's own reads and the rows this
            # process kept; and kept nowhere if a purge since then made it stale.
            rendered_at = min(
                self.started, self.read_from or self.started, store.memory.rows_current_since()
            )
            if not self._store(value, rendered_at):
                return
        try:
            if self.shared:
                store.cache().set(self.key, (rendered_at, value), settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Fragment cache unreachable; not kept", exc_info=True)
            return
        if self.shared or not self.durable:  # a durable one of this process's own: kept below
            self._remember(rendered_at, value)

    def _store(self, value, drawn_at: float) -> bool:
        """Store ``value`` as drawn at ``drawn_at``; False if a purge since made it stale."""
        try:
            compressed = zlib.compress(json.dumps(_tagged(value)).encode(), 1)
            with redrawable(), connection.cursor() as cursor:
                cursor.execute(
                    _upsert_sql(), [self.digest, self.path, self.part, drawn_at, compressed]
                )
        except Exception:
            logger.warning("Could not store a fragment", exc_info=True)
            return True  # kept in the caches alone, as a fragment that is not durable is
        try:
            # A purge since the rows it shows were read drops the page's stored fragments, and
            # writes its marker first: whichever came first, this one does not stay.
            current = store.path_rewritten_at(self.path) < drawn_at
        except Exception:
            current = False  # the marker cannot be read: the fragment cannot be vouched for
        if not current:
            try:
                StoredFragment.objects.filter(key=self.digest, rendered_at=drawn_at).delete()
            except Exception:
                logger.warning("Could not drop a fragment stored stale", exc_info=True)
            return False
        remember_durable(self.digest, (drawn_at, value))
        return True


@functools.cache
def _upsert_sql() -> str:
    """A fragment's row, stored or replaced: the statement Django's ``bulk_create`` with
    ``update_conflicts`` makes, written once (building it took longer than running it)."""
    quote = connection.ops.quote_name
    columns = ["key", "path", "part", "rendered_at", "value"]
    names = ", ".join(quote(column) for column in columns)
    updates = ", ".join(f"{quote(column)} = excluded.{quote(column)}" for column in columns[1:])
    return (
        f"INSERT INTO {quote(StoredFragment._meta.db_table)} ({names}) "  # noqa: S608 - ours
        f"VALUES (%s, %s, %s, %s, %s) ON CONFLICT ({quote('key')}) DO UPDATE SET {updates}"
    )


SAFE = "__safe_html__"


def _tagged(value):
    """``value`` for JSON, with the HTML marked safe (``SafeString``) told from plain text, which
    a template still escapes."""
    if isinstance(value, SafeString):
        return {SAFE: str(value)}
    if isinstance(value, dict):
        return {key: _tagged(part) for key, part in value.items()}
    if isinstance(value, list | tuple):
        return [_tagged(part) for part in value]
    return value


def _as_safe(found: dict):
    return SafeString(found[SAFE]) if SAFE in found else found


def drop_stored(paths, *, only=None) -> None:
    """Drop the durable fragments of these paths (every path's for ``store.ALL``), or only those
    of the parts named in ``only``."""
    stored = StoredFragment.objects.all()
    if store.ALL not in paths:
        stored = stored.filter(path__in=list(paths))
    if only is not None:
        stored = stored.filter(part__in=list(only))
    stored.delete()


def drop_expired() -> int:
    """Drop the durable fragments no render will use again (past ``store.DURABLE_SECONDS``): a
    site's crawled pages would otherwise each keep theirs until the page changes; how many."""
    dropped, _ = StoredFragment.objects.filter(
        rendered_at__lt=time.time() - store.DURABLE_SECONDS
    ).delete()
    return dropped
