"""How often each page is read, a day at a time, whoever answered it: the page cache or Django.

Each process counts the pages it answers in memory, told of every request by the access log's
writing thread once it ended (off the reader's path: a cached page's answer does not wait for
it), and adds its counts to the database every few seconds. A path, a day and a number are all
that is kept: never an address, a user agent or anything else of a reader, and nothing leaves
the site. So "Do Not Track" and "Global Privacy Control" have nothing here to decline.

Crawlers and scripts (as their user agents say) are not counted: they read every page alike.
"""

import datetime
import functools
import logging
import multiprocessing.util
import os
import re
import threading
import time
from collections import Counter
from urllib.parse import unquote

from django.db import InterfaceError, OperationalError, connection, connections, transaction
from django.db.models import Sum
from django.utils import timezone

from plainly.pagecache.models import PageRead
from plainly.pagecache.wsgi import PASSED_PREFIXES

logger = logging.getLogger(__name__)

# How often a process adds its counts to the database.
FLUSH_EVERY_SECONDS = 5
# Paths a process holds between two flushes: past this many, reads of new paths go uncounted
# (only pages answered 200 are counted, so this takes a site of that many pages read at once).
MAX_PATHS = 50_000
# Days of counts kept: the reports look back a month at most.
KEPT_DAYS = 90
# What the user agents of crawlers, link previewers, monitors and scripts say of themselves.
NOT_A_READER = re.compile(
    r"bot|crawl|spider|slurp|archiver|preview|fetch|monitor|scan|check|curl|wget|python|java/|"
    r"go-http|http-?client|okhttp|headless|lighthouse|facebookexternalhit",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def is_a_readers_agent(agent: str) -> bool:
    """Whether a user agent is a reader's browser; kept, as readers' browsers are few and each
    asks for many pages."""
    return bool(agent) and NOT_A_READER.search(agent) is None


class Tally:
    """This process's reads since its last flush, by path and day."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.lock = threading.Lock()
        # Whether this process has its thread adding the counts (threads do not follow a fork:
        # granian's workers each start their own).
        self.flushing = False
        # Tests add counts in their own transaction (``flush``); a served site in a thread.
        self.in_background = True
        self.pruned_on: datetime.date | None = None
        self.day, self.day_until = datetime.date.min, 0.0

    def count(self, observations) -> None:
        """Count the reads among requests that ended: (method, path, status, cached, html,
        agent, seconds) each, as the access log tells them."""
        found = Counter()
        for method, path, status, _cached, html, agent, _seconds in observations:
            # A reader's read of a page: a web page answered to a browser's GET.
            if (
                status == 200
                and html
                and method == "GET"
                and path[-1:] == "/"
                and len(path) <= 512
                and not path.startswith(PASSED_PREFIXES)
                and is_a_readers_agent(agent)
            ):
                # PATH_INFO holds the address's bytes as Latin-1 (PEP 3333); pages are named
                # in UTF-8, as Wagtail's paths have them.
                found[path if path.isascii() else wsgi_text(path)] += 1
        if not found:
            return
        # The site's date, looked up once a second at most.
        if time.monotonic() >= self.day_until:
            self.day, self.day_until = site_today(), time.monotonic() + 1
        with self.lock:
            counts = self.counts
            for path, reads in found.items():
                key = (path, self.day)
                if key in counts or len(counts) < MAX_PATHS:
                    counts[key] += reads
        if not self.flushing and self.in_background:
            self._start_flusher()

    def flush(self) -> None:
        """Add the counts held to the database; kept for the next flush if it cannot be
        reached."""
        with self.lock:
            taken, self.counts = self.counts, Counter()
        if not taken:
            return
        try:
            add(taken)
        except (OperationalError, InterfaceError):  # added whole or not at all: again later
            logger.warning("Page reads not counted yet: the database is unavailable", exc_info=True)
            with self.lock:
                for key, reads in taken.items():
                    if key in self.counts or len(self.counts) < MAX_PATHS:
                        self.counts[key] += reads
            return
        except Exception:  # would fail again: these reads go uncounted, the next are not held up
            logger.exception("Page reads could not be counted")
            return
        try:
            self._prune()
        except Exception:  # tried again at the next flush; the counts added stand
            logger.warning("Old page reads not deleted yet", exc_info=True)

    def _prune(self) -> None:
        today = site_today()
        if self.pruned_on != today:
            PageRead.objects.filter(day__lt=today - datetime.timedelta(days=KEPT_DAYS)).delete()
            self.pruned_on = today

    def _start_flusher(self) -> None:
        with self.lock:
            if self.flushing:
                return
            self.flushing = True
            threading.Thread(target=self._keep_flushing, name="page-reads", daemon=True).start()
            # A worker leaving through multiprocessing's exit hook adds what it holds, after the
            # access log's own hook (priority 0) has told it of the last requests.
            multiprocessing.util.Finalize(None, self.flush, exitpriority=-1)

    def _keep_flushing(self) -> None:
        while True:
            time.sleep(FLUSH_EVERY_SECONDS)
            try:
                self.flush()
                connections.close_all()  # this thread's own connection, as a request's would be
            except Exception:  # the next flush tries again: this thread must not stop
                logger.exception("Could not add page reads")


tally = Tally()


def _forked() -> None:
    tally.flushing = False
    tally.lock = threading.Lock()  # held by none of this process's threads
    tally.counts = Counter()  # the parent's, which the parent adds itself


os.register_at_fork(after_in_child=_forked)


def wsgi_text(path: str) -> str:
    return path.encode("latin-1", "replace").decode("utf-8", "replace")


def site_today() -> datetime.date:
    """The date where the site is (its TIME_ZONE), whoever asks: the admin runs each editor's
    requests in their own time zone, and reads are counted by the site's days."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def count_reads(observations) -> None:
    """Count the readers' reads of pages among requests that ended, as the access log tells
    them: (method, path, status, cached, html, agent, seconds) each."""
    tally.count(observations)


def flush_reads() -> None:
    """Add the reads this process counted to the database now."""
    tally.flush()


def add(counts: Counter) -> None:
    """Add ``counts`` (reads by path and day) to the stored ones, in one statement per batch.
    Django's upsert (``bulk_create(update_conflicts=True)``) can only overwrite a count; this adds
    to it, so processes flushing at once lose none of each other's reads. SQLite and PostgreSQL
    both take this form."""
    table = connection.ops.quote_name(PageRead._meta.db_table)
    sql = (
        f"INSERT INTO {table} (path, day, reads) VALUES (%s, %s, %s) "  # noqa: S608 - our name
        f"ON CONFLICT (path, day) DO UPDATE SET reads = {table}.reads + excluded.reads"
    )
    # In one order in every process: two adding the same paths at once wait for each other
    # rather than deadlock (PostgreSQL locks each row as it goes).
    rows = sorted((path, day, reads) for (path, day), reads in counts.items())
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start : start + 1000])


def most_read(
    days: int, *, limit: int | None = None, paths=None, under: str = ""
) -> list[tuple[str, int]]:
    """The paths read most in the last ``days`` days (today included), with their reads, most
    first; only among ``paths`` if given, and only those starting with ``under``."""
    since = site_today() - datetime.timedelta(days=days - 1)
    reads = PageRead.objects.filter(day__gte=since)
    if paths is not None:
        reads = reads.filter(path__in=list(paths))
    if under:
        reads = reads.filter(path__startswith=under)
    ranked = reads.values("path").annotate(total=Sum("reads")).order_by("-total", "path")
    if limit is not None:
        ranked = ranked[:limit]
    return [(row["path"], row["total"]) for row in ranked]


# What ``varnishncsa`` writes of each request for ``count_varnish_line``: how Varnish handled it,
# then what tells a read apart, a tab between each (a user agent holds spaces, not tabs).
VARNISH_FORMAT = "\t".join(
    ["%{Varnish:handling}x", "%m", "%s", "%U", "%{Content-Type}o", "%{User-agent}i"]
)


def count_varnish_line(line: str) -> None:
    """Count a request Varnish answered from its own cache, one ``varnishncsa`` line written in
    ``VARNISH_FORMAT``: those it passed on reached a Plainly server, which counted them."""
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != 6 or fields[0] != "hit":  # a miss, a pass, or a line of something else
        return
    _handling, method, status, path, content_type, agent = fields
    # Varnish logs the address percent-encoded: its bytes, as Latin-1, as PATH_INFO holds them.
    path = unquote(path, encoding="latin-1")
    status = int(status) if status.isdigit() else 0
    html = content_type.startswith("text/html")
    agent = "" if agent == "-" else agent  # varnishncsa's word for a header not sent
    tally.count([(method, path, status, True, html, agent, 0.0)])
