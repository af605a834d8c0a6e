"""Telling a caching proxy in front of Plainly (Varnish with deploy/varnish.vcl) what went stale.

``PURGE <path>`` drops one path with any query string; ``BAN <prefix>`` drops everything under a
prefix (``/``: the whole site). Each request carries the shared secret the VCL checks, and the
page's host, as the proxy keeps copies per host.
"""

import logging
import threading
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings

from plainly.pagecache import store

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Purge-Secret"  # noqa: S105 - a header's name
TIMEOUT_SECONDS = 2


def configured() -> bool:
    return bool(settings.FRONTEND_CACHE_URL)


# Each server process hears of a purge on its first request at least SYNC_SECONDS after its last
# look. Until then it may answer the proxy's refetch from its own memory copy, which the proxy
# would keep: so every purge is sent again once all processes must have heard of it.
AGAIN_AFTER_SECONDS = 2 * store.SYNC_SECONDS + 0.5


def purge(shown: dict[str, str]) -> None:
    """Drop these paths (each with its site's root URL), with any query string."""
    _twice([("PURGE", root_url, path) for path, root_url in shown.items()])


def ban_everything(root_urls) -> None:
    """Drop every page of these sites: for changes any page may show."""
    _twice([("BAN", root_url, "/") for root_url in set(root_urls)])


def _twice(requests: list[tuple[str, str, str]]) -> None:
    if not configured() or not requests:
        return
    _send_all(requests)
    later = threading.Timer(AGAIN_AFTER_SECONDS, _send_all, [requests])
    later.daemon = False  # a command that purges and ends still sends the second
    later.start()


def _send_all(requests: list[tuple[str, str, str]]) -> None:
    for method, root_url, path in requests:
        _send(method, root_url, path)


def _send(method: str, root_url: str, path: str) -> None:
    location = urlsplit(settings.FRONTEND_CACHE_URL)
    # Percent-encoded as readers' browsers send it, so the proxy's copies are found.
    target = f"{location.scheme}://{location.netloc}{quote(path, safe='/%')}"
    request = Request(  # noqa: S310 - the operator's own proxy, http(s) by the settings
        target,
        method=method,
        headers={"Host": urlsplit(root_url).netloc, SECRET_HEADER: settings.FRONTEND_CACHE_SECRET},
    )
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS):  # noqa: S310
            pass
    except HTTPError as error:
        logger.error("The caching proxy refused %s %s: %s", method, path, error.code)
    except (URLError, OSError) as error:
        logger.error("Could not reach the caching proxy for %s %s: %s", method, path, error)
