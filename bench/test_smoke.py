"""The benchmark suite still runs: every scenario, on the backend this test run uses, tiny sizes."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plainly.testing.servers import running_on_ci

SCENARIOS = [
    "1. cached page, plainly serve",
    "2. cached page through Varnish",
    "2b. the same, Varnish's request log masked",
    "2c. as 2, 16 connections",
    "2a. Varnish, empty VCL",
    "3. uncached page render",
    "4. search",
    "5. posting while 64 connections read",
    "memory: peak RSS per server worker",
]


def test_every_scenario_runs_and_no_accepted_comment_is_lost(collected_static):
    missing = [tool for tool in ("wrk", "nginx", "varnishd") if not shutil.which(tool)
               and not Path("/usr/sbin", tool).exists()]  # fmt: skip
    if missing:
        if running_on_ci():
            pytest.fail(f"missing {missing}: .ci/run installs wrk, nginx-light and varnish")
        pytest.skip(f"needs {missing}")
    backend = (
        "postgres"
        if os.environ.get("PLAINLY_DATABASE_URL", "").startswith("postgres")
        else "sqlite"
    )
    run = subprocess.run(
        # One-second runs: this proves the suite runs; figures come from longer ones.
        [sys.executable, str(Path(__file__).parent / "run.py"), "--smoke", "--seconds", "1",
         "--backends", backend, "--static-from", str(collected_static)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    for scenario in SCENARIOS:
        assert f"| {scenario}" in run.stdout, scenario
    assert "accepted," in run.stdout and " 0 accepted" not in run.stdout
