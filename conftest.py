"""What the whole test run shares: the helpers of ``plainly.testing`` as plugins, and how tests
are spread over xdist workers."""

import pytest

pytest_plugins = [
    "plainly.testing.mail",
    "plainly.testing.installations",
    "plainly.testing.proxies",
    "plainly.testing.browser",
    "plainly.testing.wsgi",
]

# On xdist workers (make test), the tests that use the served site or drive the browser stay on
# one worker, which serves that site and starts the browser once; those that make an
# installation of their own from the demo site (killed, restored, benchmarked) stay on one
# worker too, most often the other, which makes the demo and collects static files once for
# them. The two groups are most of the run's time, and each mostly waits on servers of its own:
# apart, they wait at once. The rest spread out one by one.
SERVED = {"served_site", "browser"}
INSTALLATIONS = {"demo_made", "collected_static"}


def pytest_itemcollected(item):
    # Marked as each test is collected, before any collection_modifyitems hook (xdist reads
    # the groups in its own).
    fixtures = set(item.fixturenames)
    if SERVED & fixtures:
        item.add_marker(pytest.mark.xdist_group("served"))
    elif INSTALLATIONS & fixtures:
        item.add_marker(pytest.mark.xdist_group("installations"))
