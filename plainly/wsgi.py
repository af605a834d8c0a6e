"""WSGI entry point, served by granian (``plainly serve``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plainly.settings")

django_application = get_wsgi_application()

from plainly.pagecache import PageCache, count_reads  # noqa: E402 (needs the settings above)
from plainly.serving.body_limit import BodyLimit  # noqa: E402
from plainly.serving.health import Health  # noqa: E402
from plainly.serving.logs import AccessLog  # noqa: E402
from plainly.serving.metrics import Metrics, observe  # noqa: E402


def observed(observations: list[tuple]) -> None:
    """The requests that ended, in the metrics, and those that were readers' among the pages'
    reads."""
    try:
        observe(observations)
    finally:
        count_reads(observations)


# Every request is logged with its id, counted and timed; probes, the operator's metrics,
# oversized bodies, then anonymous readers of cached pages are answered here, before Django's
# middleware runs. A page this process answered from its memory before is answered again
# first of all: the commonest request of all passes through one layer, not five.
page_cache = PageCache(django_application)
application = AccessLog(
    Health(Metrics(BodyLimit(page_cache))), observe=observed, front=page_cache.answer_seen
)

# Everything loaded so far lives as long as the process: the garbage collector need not look at
# it again. Each collection then scans only what requests made, and the workers granian forks
# from this process keep sharing those pages instead of copying them as the collector marks them.
gc.collect()
gc.freeze()
