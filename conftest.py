"""Fixtures shared by the app's tests and the benchmark smoke test."""

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
