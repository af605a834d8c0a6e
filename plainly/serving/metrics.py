"""Prometheus metrics at ``/metrics``, for the operator's addresses only.

Every request is counted and timed once it ended (by method, status class and whether the page
cache answered it), a few times a second by the thread that writes the access log; a scrape adds
what the site holds: comments awaiting moderation, queued background tasks, members. ``plainly
serve`` runs several processes, so each writes its counts to files in
``PROMETHEUS_MULTIPROC_DIR`` (set by ``plainly serve``) and a scrape adds them up.

Only requests that come straight from an address in ``PLAINLY_METRICS_ADDRESSES`` see the page.
A request relayed by a proxy (it carries ``X-Forwarded-For`` or ``Forwarded``) is a reader's,
whatever the proxy's own address, and gets the site's 404 like any unknown path.
"""

import collections
import ipaddress
import logging
import os
from bisect import bisect_left

from django.conf import settings
from django.db import close_old_connections
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from plainly.serving import figures, logs
from plainly.serving.responses import answer

logger = logging.getLogger(__name__)

PATH = "/metrics"
METHODS = {"GET", "HEAD", "POST"}

DURATION_BUCKETS = (0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 10)
REQUESTS = Counter(
    "plainly_requests",
    "Requests answered, by method, status class and whether the page cache answered.",
    ["method", "status", "cache"],
)
DURATION = Histogram(
    "plainly_request_duration_seconds",
    "Time from a request's arrival to the end of its answer.",
    ["cache"],
    buckets=DURATION_BUCKETS,
)


# The labelled series each kind of request counts in, found once: a lookup by labels costs more
# than the counting itself, and this runs for every request, cached pages included.
_series: dict[tuple[str, int, bool], tuple] = {}


def observe(observations: list[tuple]) -> None:
    """Count and time requests that ended (``logs.AccessLog``'s observer): each series is added
    to once a batch, not once a request (each addition takes a lock and writes to a file shared
    between processes)."""
    batch: dict[tuple[str, int, bool], list[float]] = collections.defaultdict(list)
    for method, _path, status, cached, _html, _agent, seconds in observations:
        batch[(method, status, cached)].append(seconds)
    for key, durations in batch.items():
        requests, duration = _series_for(*key)
        requests.inc(len(durations))
        observe_all(duration, durations)


def _series_for(method: str, status: int, cached: bool) -> tuple:
    """The counter and the histogram of requests like this one."""
    key = (method, status, cached)
    series = _series.get(key)
    if series is None:
        cache = "hit" if cached else "miss"
        label = method if method in METHODS else "other"
        series = (REQUESTS.labels(label, f"{status // 100}xx", cache), DURATION.labels(cache))
        if len(_series) < 1000:  # methods are the client's to choose: keep memory bounded
            _series[key] = series
    return series


def observe_all(histogram: Histogram, durations: list[float]) -> None:
    """What ``histogram.observe`` does for each of ``durations``, in one addition a bucket.
    prometheus_client has no call for many at once: this reads the histogram's own buckets,
    as its ``observe`` does (a test holds the two to the same figures)."""
    bounds = histogram._upper_bounds  # ends with +Inf: every duration has its bucket
    for index, count in collections.Counter(
        bisect_left(bounds, seconds) for seconds in durations
    ).items():
        histogram._buckets[index].inc(count)
    histogram._sum.inc(sum(durations))


class SiteCollector:
    """What the site holds, read from the database when a scrape asks."""

    def collect(self):
        up = GaugeMetricFamily("plainly_database_up", "Whether the database answered the scrape.")
        try:
            values = [(name, help_text, count()) for name, help_text, count in figures.FIGURES]
        except Exception as error:  # the scrape still reports the requests it can
            logger.warning("Metrics without the site's figures: %s", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        finally:
            close_old_connections()
        up.add_metric([], 1)
        yield up
        for name, help_text, value in values:
            yield GaugeMetricFamily(name, help_text, value=value)


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    site = CollectorRegistry()
    site.register(SiteCollector())
    return generate_latest(registry) + generate_latest(site)


def is_operator(environ) -> bool:
    if environ.get("HTTP_X_FORWARDED_FOR") or environ.get("HTTP_FORWARDED"):
        return False
    try:
        address = ipaddress.ip_address(environ.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ADDRESSES)


class Metrics:
    """A WSGI layer answering ``/metrics`` to the operator; everything else passes through."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != PATH or not is_operator(environ):
            return self.application(environ, start_response)
        logs.flush()  # this process's requests are counted a few times a second: all of them now
        return answer(
            environ, start_response, "200 OK", exposition(), content_type=CONTENT_TYPE_LATEST
        )
