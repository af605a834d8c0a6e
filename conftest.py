"""What the whole test run shares: how tests are spread over xdist workers, and the static files
collected once for the app's tests and the benchmark smoke test."""

from pathlib import Path

import pytest

from plainly.conftest import installation


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """Static files collected once for the run. Compressing them takes a core half a minute;
    an installation that starts from a copy has its own collectstatic only check them."""
    home = tmp_path_factory.mktemp("collected-static")
    installation(home, f"sqlite:///{home / 'site.sqlite3'}").plainly(
        "collectstatic", "--no-input", "--verbosity", "0", timeout=300
    )
    return home / "static"


# On xdist workers (make test), the tests that serve a site, drive the browser or make an
# installation of their own from the demo site all stay on one worker, which makes that site,
# browser and demo once; the rest spread out one by one.
SERVED = {"served_site", "browser", "demo_made", "collected_static"}


def pytest_itemcollected(item):
    # Marked as each test is collected, before any collection_modifyitems hook (xdist reads
    # the groups in its own).
    if SERVED & set(item.fixturenames):
        item.add_marker(pytest.mark.xdist_group("served"))
