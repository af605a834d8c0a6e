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

# On xdist workers (make test), the tests that serve a site, drive the browser or make an
# installation of their own from the demo site all stay on one worker, which makes that site,
# browser and demo once; the rest spread out one by one.
SERVED = {"served_site", "browser", "demo_made", "collected_static"}


def pytest_itemcollected(item):
    # Marked as each test is collected, before any collection_modifyitems hook (xdist reads
    # the groups in its own).
    if SERVED & set(item.fixturenames):
        item.add_marker(pytest.mark.xdist_group("served"))
