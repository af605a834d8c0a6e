"""What counting reads costs a cached page (scenario 1's request, from a browser): two checkouts
of Plainly, each serving the demo site with ``plainly serve --workers 2``, asked in turn.

    python bench/reads_cost.py BEFORE AFTER [--rounds 3] [--seconds 6]

BEFORE and AFTER are folders holding a checkout each (``git worktree add /tmp/before REV``).
Every request carries a browser's user agent, so that the checkout that counts reads counts
every one of them. Medians of the rounds are printed, with AFTER's rate as a share of BEFORE's.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plainly.testing.servers import free_port, wait_for  # noqa: E402

QUESTION = "/korea/do-many-south-koreans-defect-to-north-korea/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


class Served:
    """One checkout serving its own demo site, on a free port."""

    def __init__(self, checkout: Path, home: Path):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(checkout),
            "PLAINLY_VAR_DIR": str(home),
            "PLAINLY_BASE_URL": self.url,
            "PLAINLY_DATABASE_URL": f"sqlite:///{home / 'site.sqlite3'}",
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.checkout, self.home = checkout, home

    def plainly(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "plainly", *args], env=self.env, cwd=self.checkout,
                       check=True, capture_output=True)  # fmt: skip

    def __enter__(self):
        self.plainly("demo", "--no-serve")
        self.plainly("collectstatic", "--no-input", "--verbosity", "0")
        port = self.url.rsplit(":", 1)[1]
        log = (self.home / "server.log").open("a")
        self.server = subprocess.Popen(
            [sys.executable, "-m", "plainly", "serve", "--port", port, "--workers", "2",
             "--no-worker", "--skip-collectstatic"],
            env=self.env, cwd=self.checkout, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip

        def answers() -> bool:
            try:
                headers = {"User-Agent": BROWSER}
                page = urllib.request.Request(self.url + QUESTION, headers=headers)  # noqa: S310
                return urllib.request.urlopen(page, timeout=2).status == 200  # noqa: S310
            except OSError:
                return False

        if not wait_for(answers, timeout=120):
            raise SystemExit(f"{self.checkout} did not start: see {self.home / 'server.log'}")
        return self

    def __exit__(self, *exc_info):
        self.server.terminate()
        self.server.wait(timeout=30)


def rate(url: str, seconds: int) -> float:
    """Requests a second wrk gets from ``url``, after a second's warm-up."""
    wrk = ["wrk", "-t2", "-c64", "-H", f"User-Agent: {BROWSER}"]
    subprocess.run([*wrk, "-d1s", url], check=True, capture_output=True)
    out = subprocess.run([*wrk, f"-d{seconds}s", url], check=True, capture_output=True, text=True)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out.stdout).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=6)
    args = parser.parse_args()
    rates = {"before": [], "after": []}
    with (
        tempfile.TemporaryDirectory() as home,
        Served(args.before.resolve(), Path(home) / "before") as before,
        Served(args.after.resolve(), Path(home) / "after") as after,
    ):
        for _ in range(args.rounds):
            for name, served in (("before", before), ("after", after)):
                rates[name].append(rate(served.url + QUESTION, args.seconds))
                time.sleep(1)
    for name, measured in rates.items():
        rounds = ", ".join(f"{r:,.0f}" for r in measured)
        print(f"{name}: {statistics.median(measured):,.0f} req/s (rounds: {rounds})")
    share = statistics.median(rates["after"]) / statistics.median(rates["before"])
    print(f"after / before: {share:.3f}")


if __name__ == "__main__":
    main()
