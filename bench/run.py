"""Plainly's benchmark suite: every scenario against its baseline, in the same run, on this machine.

    python bench/run.py                      # 100,000 pages and 1,000,000 comments, both backends
    python bench/run.py --smoke              # tiny and quick: proves the suite still runs
    python bench/run.py --backends sqlite --pages 1000 --comments 10000 --seconds 5

Each backend gets its own installation under var/bench/ (generated once per size, then reused),
served by ``plainly serve`` on loopback. Load comes from wrk; nginx serves the same page bytes as a
static file, and Varnish runs with deploy/varnish.vcl. Results are printed as Markdown tables and
written to var/bench/results-<backend>.json.
"""

import argparse
import contextlib
import http.client
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from plainly.testing.installations import installation
from plainly.testing.proxies import pointed_at, run_nginx, run_varnish, shipped_vcl
from plainly.testing.servers import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
WORKERS = 2
# Two plain words of middling frequency in bench-data's text (ranks 200 and 400 of 20,000): each
# is in roughly a fifth to a tenth of the pages, as a reader's query words would be.
SEARCH_QUERY = "wage past"


@dataclass
class Result:
    scenario: str
    measured: str
    baseline: str
    ratio: float | None
    target: str
    passed: bool | None
    notes: str = ""


@dataclass
class Report:
    backend: str
    pages: int
    comments: int
    results: list[Result] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.results.append(result)
        verdict = {True: "ok", False: "BELOW TARGET", None: ""}[result.passed]
        ratio = f"{result.ratio:.2f}" if result.ratio is not None else "-"
        print(f"  {result.scenario}: {result.measured} vs {result.baseline} -> {ratio} "
              f"(target {result.target}) {verdict}", flush=True)  # fmt: skip

    def markdown(self) -> str:
        lines = [
            f"### {self.backend}: {self.pages:,} pages, {self.comments:,} comments",
            "",
            "| scenario | measured | baseline | ratio | target | |",
            "|---|---|---|---|---|---|",
        ]
        for r in self.results:
            ratio = f"{r.ratio:.2f}" if r.ratio is not None else "-"
            verdict = {True: "✔", False: "✘ below target", None: ""}[r.passed]
            notes = f" ({r.notes})" if r.notes else ""
            lines.append(
                f"| {r.scenario} | {r.measured} | {r.baseline} | {ratio} | {r.target} "
                f"| {verdict}{notes} |"
            )
        return "\n".join(lines)


WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int = 64,
    headers: dict | None = None,
    script: Path | None = None,
) -> float:
    """Requests per second wrk gets from ``url``, after a short warm-up; non-2xx/3xx is an error.

    Pages that are rendered get 16 connections: enough to keep every server thread busy, few
    enough that none waits past wrk's timeout.
    """
    args = ["wrk", "-t", "2", "-c", str(connections), "--timeout", "10s"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    if script:
        args += ["-s", str(script)]
    subprocess.run([*args, "-d", "1s", url], capture_output=True, check=True)
    out = subprocess.run(
        [*args, "-d", f"{seconds}s", url], capture_output=True, text=True, check=True
    )
    if "Non-2xx or 3xx responses" in out.stdout:
        raise SystemExit(f"wrk got error responses from {url}:\n{out.stdout}")
    return float(WRK_LINE.search(out.stdout).group(1))


class Backend:
    """One installation of Plainly: its settings, its data, its server."""

    def __init__(self, name: str, pages: int, comments: int, postgres_url: str, redis_url: str):
        self.name = name
        self.home = VAR / f"{name}-{pages}-{comments}"
        self.home.mkdir(parents=True, exist_ok=True)
        self.pages, self.comments = pages, comments
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        if name == "postgres":
            database = f"plainly_bench_{pages}_{comments}"
            database_url = f"{postgres_url.rstrip('/')}/{database}"
            self.admin_url = f"{postgres_url.rstrip('/')}/postgres"
            self.database = database
        else:
            database_url = f"sqlite:///{self.home / 'site.sqlite3'}"
        self.site = installation(self.home, database_url, self.url)
        self.env = self.site.env
        self.env.update({
            "PLAINLY_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PLAINLY_LOG_LEVEL": "WARNING",
            # The comment writers come from many (made-up) addresses, as real readers do.
            "PLAINLY_TRUSTED_PROXY_COUNT": "1",
            "PLAINLY_BENCH_PAGE": str(self.home / "page.html"),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(ROOT),
        })  # fmt: skip
        if name == "postgres":
            self.env["PLAINLY_CACHE_URL"] = f"{redis_url}?key_prefix=bench-{pages}-{comments}"
            # Pages in Redis too, as the figures before were taken (a second Redis in production).
            self.env["PLAINLY_PAGE_CACHE_URL"] = self.env["PLAINLY_CACHE_URL"]
        else:
            # The embedded default: records and pages in the installation's own files.
            self.env.pop("PLAINLY_CACHE_URL", None)
            self.env.pop("PLAINLY_PAGE_CACHE_URL", None)
        self.server = None

    def plainly(self, *args: str, capture: bool = False) -> str:
        done = self.site.plainly(*args, timeout=None, capture=capture)
        return done.stdout if capture else ""

    def prepare(self, static_from: Path | None = None) -> None:
        """Generate the site's data unless an earlier run did; with ``static_from``, its static
        files start as a copy of those (collected already), which serve's collectstatic then
        only checks instead of compressing them all again."""
        if static_from and not (self.home / "static").exists():
            shutil.copytree(static_from, self.home / "static")
        marker = self.home / "generated"
        if self.name == "postgres" and not self._postgres_database_exists():
            marker.unlink(missing_ok=True)
        if marker.exists():
            print(f"[{self.name}] reusing the generated site in {self.home}", flush=True)
            self.plainly("migrate", "--verbosity", "0")  # new indexes, if any
            self.plainly(
                "shell", "-c", "from plainly.ops import statistics; statistics.update_statistics()"
            )
            return
        if self.name == "postgres":
            self._create_postgres_database()
        else:
            (self.home / "site.sqlite3").unlink(missing_ok=True)
        print(f"[{self.name}] generating {self.pages:,} pages and {self.comments:,} comments",
              flush=True)  # fmt: skip
        started = time.monotonic()
        self.plainly("bench-data", "--pages", str(self.pages), "--comments", str(self.comments))
        if self.name == "postgres":
            # Written out now, not by the checkpointer while the first scenarios are measured.
            self._postgres("CHECKPOINT")
        marker.write_text(f"{time.monotonic() - started:.0f}\n")

    def _postgres(self, statement: str):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            cursor = connection.execute(statement)
            return cursor.fetchall() if cursor.description else None

    def _postgres_database_exists(self) -> bool:
        found = self._postgres(f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'")
        return bool(found)

    def _create_postgres_database(self) -> None:
        self._postgres(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self._postgres(f'CREATE DATABASE "{self.database}"')

    def start(self, threads: int | None = None) -> None:
        """Serve the installation (with serve's default request threads unless given)."""
        extra = ["--threads", str(threads)] if threads else []
        self.server = self.site.start(
            "serve", "--port", str(self.port), "--workers", str(WORKERS), "--no-worker", *extra
        )
        wait_until_serving(self.url + "/robots.txt", self.server, self.site.log, timeout=180)

    def stop(self) -> None:
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=30)

    def workers(self) -> list[str]:
        return subprocess.run(
            ["pgrep", "-P", str(self.server.pid)], capture_output=True, text=True
        ).stdout.split()

    def worker_peaks_rss_mb(self) -> list[float]:
        """The peak resident memory (VmHWM) of each of the server's worker processes."""
        peaks = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return peaks

    def worker_peak_rss_mb(self) -> float:
        """The largest peak resident memory (VmHWM) among the server's worker processes."""
        return max(self.worker_peaks_rss_mb())

    def worker_pss_mb(self) -> float:
        """The largest proportional share of memory (PSS) among the workers now. The workers are
        forked from a process that loaded the site, so much of each one's resident memory is
        shared with it and with each other; PSS counts each shared page once, split between
        them."""
        shares = []
        for pid in self.workers():
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            shares.append(int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1)) / 1024)
        return max(shares)

    def forget_searches(self) -> None:
        """Purge the search page, with the rankings and counts kept as its fragments."""
        code = "from plainly.pagecache import store; store.purge_paths(['/search/'])"
        self.plainly("shell", "-c", code)
        time.sleep(1)  # each server process hears of a purge within half a second

    def popular_question(self) -> dict:
        """A question with a full first page of comments: what a popular page looks like."""
        code = (
            "import json\n"
            "from django.db.models import Count\n"
            "from plainly.questions.models import QuestionPage\n"
            "q = QuestionPage.objects.annotate(n=Count('comments')).filter(n__gte=60)"
            ".order_by('n').first() or QuestionPage.objects.annotate(n=Count('comments'))"
            ".order_by('-n').first()\n"
            "print(json.dumps({'id': q.pk, 'path': q.url, 'comments': q.n}))\n"
        )
        return json.loads(self.plainly("shell", "-c", code, capture=True).strip().splitlines()[-1])


def paths_script(backend: "Backend", name: str, paths: list[str]) -> Path:
    """A wrk script that asks for each of ``paths`` in turn. Each of wrk's threads starts
    half-way along from the other's, so that no path is asked twice in a short run."""
    quoted = ", ".join(json.dumps(path) for path in paths)
    script = backend.home / f"{name}.lua"
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal n = 0\nlocal threads = 0\n"
        "function setup(thread)\n  thread:set('first', threads * math.floor(#paths / 2))\n"
        "  threads = threads + 1\nend\n"
        "function init(args)\n  n = first or 0\nend\n"
        "request = function()\n  n = n + 1\n"
        '  return wrk.format("GET", paths[(n % #paths) + 1])\nend\n'
    )
    return script


def varied_pages(backend: "Backend", count: int = 2000) -> Path:
    """A wrk script that asks for a different question each time, with a query parameter the
    page does not read: rendered whole, nothing of it kept or used from before."""
    code = (
        "import json\n"
        "from plainly.questions.models import QuestionPage\n"
        f"pages = QuestionPage.objects.live().order_by('?')[:{count}]\n"
        "print(json.dumps([page.url for page in pages]))\n"
    )
    urls = json.loads(backend.plainly("shell", "-c", code, capture=True).strip().splitlines()[-1])
    return paths_script(backend, "varied-pages", [url + "?uncached=1" for url in urls])


def varied_searches(backend: "Backend", count: int = 2000) -> Path:
    """A wrk script that asks a different two-word query on each request, none of them kept."""
    code = (
        "import json, random\n"
        "from plainly.ops.benchdata import LEXICON\n"
        "rng = random.Random(1)\n"
        f"print(json.dumps([' '.join(rng.sample(LEXICON[20:3000], 2)) for _ in range({count})]))\n"
    )
    queries = json.loads(
        backend.plainly("shell", "-c", code, capture=True).strip().splitlines()[-1]
    )
    return paths_script(
        backend, "varied-searches", [f"/search/?{urlencode({'q': query})}" for query in queries]
    )


def static_nginx(home: Path, page: bytes):
    """nginx serving ``page`` as a static file: the ceiling for a cached page."""
    home = home / "nginx"
    (home / "html").mkdir(parents=True, exist_ok=True)
    (home / "html" / "page.html").write_bytes(page)
    port = free_port()
    site = (
        f"server {{ listen 127.0.0.1:{port}; root {home}/html; sendfile on; "
        "default_type text/html; }\n"
    )
    return run_nginx(home, site, port, workers=WORKERS, probe="/page.html")


# Connections for scenario 2c, against the 64 of the other cached-page scenarios. Varnish gives
# each connection a thread, which the kernel wakes for each request; nginx's two processes take
# many ready connections per wake-up. The fewer the connections, the less nginx gains by that.
FEW_CONNECTIONS = 16

# Varnish with nothing of Plainly's: every response kept for an hour. What Varnish itself costs.
EMPTY_VCL = """vcl 4.1;
backend default { .host = "127.0.0.1"; .port = "8000"; }
sub vcl_backend_response { set beresp.ttl = 1h; }
"""


# Varnish writes some twenty records to its shared-memory log for each request it answers,
# about a third of its own CPU time on a cached hit here. With them masked, varnishlog and
# varnishncsa see next to nothing of readers' requests: for a site whose TLS proxy in front
# keeps the access log anyway (deploy/varnish.md).
QUIET_LOG = (
    "vsl_mask=-Debug,-ObjProtocol,-ObjStatus,-ObjReason,-ObjHeader,-VCL_trace,-ExpKill,"
    "-WorkThread,-Hash,-VfpAcct,-H2RxHdr,-H2RxBody,-H2TxHdr,-H2TxBody,-VdpAcct,"
    "-Begin,-End,-Link,-SessOpen,-SessClose,-ReqStart,-ReqMethod,-ReqURL,-ReqProtocol,"
    "-ReqHeader,-ReqAcct,-Hit,-VCL_use,-VCL_call,-VCL_return,-Filters,-Timestamp,"
    "-RespProtocol,-RespStatus,-RespReason,-RespHeader"
)


def varnish(
    backend: "Backend", name: str, vcl: str | None = None, port: int | None = None,
    probe: str = "/robots.txt", params: tuple[str, ...] = (),
):  # fmt: skip
    """Varnish in front of ``port`` (the backend's server unless given), with deploy/varnish.vcl
    unless another ``vcl`` is given."""
    port = port or backend.port
    vcl = pointed_at(vcl, port) if vcl else shipped_vcl(port)
    return run_varnish(backend.home / name, vcl, memory="256m", params=params, probe=probe)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        return response.read()


def fetch_with_headers(url: str) -> tuple[bytes, list[tuple[str, str]]]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        return response.read(), list(response.headers.items())


@contextlib.contextmanager
def bare_wsgi(home: Path, page: bytes, headers: list[tuple[str, str]]):
    """bench/bare_wsgi.py answering with ``page`` and ``headers`` under plainly serve's settings:
    the limit for a Python server here, for scenario 1w."""
    home = home / "bare-wsgi"
    home.mkdir(parents=True, exist_ok=True)
    (home / "page.html").write_bytes(page)
    # The server's own headers are its to add, as for Plainly (urllib asked this one to close).
    own = {"date", "server", "connection", "transfer-encoding"}
    kept = [(name, value) for name, value in headers if name.lower() not in own]
    (home / "headers.json").write_text(json.dumps(kept))
    port = free_port()
    log = home / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [PYTHON, str(ROOT / "bench" / "bare_wsgi.py"), str(home / "page.html"),
             str(home / "headers.json"), str(port), str(WORKERS)],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url + "/", server, log, timeout=60, name="bench/bare_wsgi.py")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


class Writers:
    """Readers posting comments while others read: each post fetches a form token as a browser's
    script does, waits the minimum writing time, then sends the form."""

    def __init__(self, backend: Backend, page_id: int, run: str, threads: int = 8):
        self.backend, self.page_id, self.run, self.threads = backend, page_id, run, threads
        self.latencies: list[float] = []
        self.accepted = 0
        self.refused: dict[int, int] = {}
        self.lock = threading.Lock()

    def write(self, number: int, seconds: float) -> None:
        rng = random.Random(number)  # noqa: S311 - made-up addresses, not secrets
        deadline = time.monotonic() + seconds
        connection = http.client.HTTPConnection("127.0.0.1", self.backend.port, timeout=30)
        cookie = ""
        sent = 0
        while time.monotonic() < deadline:
            address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            connection.request("GET", "/discussion/form-token/",
                               headers={"Cookie": cookie, "X-Forwarded-For": address})  # fmt: skip
            response = connection.getresponse()
            token = json.loads(response.read())
            cookie = (
                "; ".join(
                    part.split(";")[0] for part in response.headers.get_all("Set-Cookie") or []
                )
                or cookie
            )
            time.sleep(3.05)  # the discussion's minimum writing time
            body = urlencode({
                "csrfmiddlewaretoken": token["csrf"], "started": token["started"],
                "name": f"Writer {number}", "email": f"writer{number}@example.org",
                "body": f"Bench comment {self.run} {number}-{sent}: {rng.random()}",
            })  # fmt: skip
            started = time.monotonic()
            connection.request("POST", f"/discussion/questions/{self.page_id}/comments/", body, {
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                "X-Forwarded-For": address, "Referer": self.backend.url + "/",
                "Origin": self.backend.url,
            })  # fmt: skip
            response = connection.getresponse()
            response.read()
            took = time.monotonic() - started
            with self.lock:
                self.latencies.append(took)
                if response.status == 302:
                    self.accepted += 1
                else:
                    self.refused[response.status] = self.refused.get(response.status, 0) + 1
            sent += 1

    def run_for(self, seconds: float) -> None:
        # Each writer waits 3 s per comment, so many write at once, as readers would.
        workers = [
            threading.Thread(target=self.write, args=(n, seconds)) for n in range(self.threads)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def stored(self) -> int:
        code = (
            "from plainly.discussion.models import Comment\n"
            f"print(Comment.objects.filter(body__startswith='Bench comment {self.run} ').count())\n"
        )
        return int(self.backend.plainly("shell", "-c", code, capture=True).strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


SMALL_SITE = (1000, 10_000)


# The page cache passes requests that carry credentials straight to Django (pagecache.wsgi), and
# Plainly reads none: the page is rendered as for any anonymous reader the cache missed, with the
# fragments it keeps. (A query parameter the page does not read would do neither: such a page is
# rendered for that request alone, keeping and using no fragment.)
PAST_THE_PAGE_CACHE = {"Authorization": "Bench"}


def uncached_render(backend: Backend, question: dict, seconds: int) -> float:
    return wrk(backend.url + question["path"], seconds=seconds, connections=16,
               headers=PAST_THE_PAGE_CACHE)  # fmt: skip


def small_site_render(name: str, args) -> float:
    """Uncached page renders a second on a site of 1,000 pages and 10,000 comments."""
    small = Backend(name, *SMALL_SITE, args.postgres_url, args.redis_url)
    small.prepare(args.static_from)
    small.start()
    try:
        question = small.popular_question()
        fetch(small.url + question["path"])
        return uncached_render(small, question, args.seconds)
    finally:
        small.stop()


def in_turn(rounds: int, runs: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Each run's median over ``rounds`` rounds, the runs taken one after the other within each
    round. A ratio is taken between runs of the same rounds: when the machine speeds up or slows
    down during the bench (other guests of its host come and go), both sides move alike."""
    rates: dict[str, list[float]] = {name: [] for name in runs}
    for _round in range(rounds):
        for name, run in runs.items():
            rates[name].append(run())
    return {name: statistics.median(values) for name, values in rates.items()}


def run_backend(
    backend: Backend, seconds: int, rounds: int, small_render: float | None = None,
    static_from: Path | None = None,
) -> Report:  # fmt: skip
    report = Report(backend.name, backend.pages, backend.comments)
    backend.prepare(static_from)
    backend.start()
    try:
        question = backend.popular_question()
        page_url = backend.url + question["path"]
        fetch(page_url)
        page, page_headers = fetch_with_headers(page_url)  # the cached copy
        (backend.home / "page.html").write_bytes(page)
        print(f"[{backend.name}] page {question['path']} ({len(page):,} bytes, "
              f"{question['comments']} comments)", flush=True)  # fmt: skip

        host = {"Host": urlsplit(backend.url).netloc}
        path = question["path"]
        with (
            static_nginx(backend.home, page) as nginx,
            bare_wsgi(backend.home, page, page_headers) as bare_app,
            varnish(backend, "varnish") as shipped,
            varnish(backend, "varnish-quiet", params=(QUIET_LOG,)) as quiet,
            # The same bytes through Varnish with an empty VCL, from nginx: Varnish's own ceiling.
            varnish(
                backend, "varnish-empty", EMPTY_VCL, urlsplit(nginx).port, "/page.html"
            ) as empty,
        ):
            static_page = nginx + "/page.html"
            cached = in_turn(rounds, {
                "static": lambda: wrk(static_page, seconds=seconds),
                "plainly": lambda: wrk(page_url, seconds=seconds),
                "bare wsgi": lambda: wrk(bare_app + path, seconds=seconds),
                "varnish": lambda: wrk(shipped + path, seconds=seconds, headers=host),
                "quiet": lambda: wrk(quiet + path, seconds=seconds, headers=host),
                "empty": lambda: wrk(empty + "/page.html", seconds=seconds),
            })  # fmt: skip
            # Both again with fewer connections: what Varnish's threads cost (FEW_CONNECTIONS).
            few = in_turn(rounds, {
                "static": lambda: wrk(static_page, seconds=seconds, connections=FEW_CONNECTIONS),
                "varnish": lambda: wrk(shipped + path, seconds=seconds, headers=host,
                                       connections=FEW_CONNECTIONS),
            })  # fmt: skip
        static = f"nginx static {cached['static']:,.0f} req/s"
        ratio = {name: rate / cached["static"] for name, rate in cached.items()}
        report.add(Result("1. cached page, plainly serve", f"{cached['plainly']:,.0f} req/s",
                          static, ratio["plainly"], "≥ 0.5", ratio["plainly"] >= 0.5))  # fmt: skip
        by_bare = cached["plainly"] / cached["bare wsgi"]
        report.add(Result("1w. cached page, plainly serve vs a bare WSGI app",
                          f"{cached['plainly']:,.0f} req/s",
                          f"bare WSGI app {cached['bare wsgi']:,.0f} req/s", by_bare, "≥ 0.7",
                          by_bare >= 0.7, "same bytes, same granian settings"))  # fmt: skip
        report.add(Result("2. cached page through Varnish", f"{cached['varnish']:,.0f} req/s",
                          static, ratio["varnish"], "≥ 0.9", ratio["varnish"] >= 0.9))  # fmt: skip
        report.add(Result(f"2c. as 2, {FEW_CONNECTIONS} connections",
                          f"{few['varnish']:,.0f} req/s",
                          f"nginx static {few['static']:,.0f} req/s",
                          few["varnish"] / few["static"], "-", None,
                          "Varnish's thread per connection"))  # fmt: skip
        report.add(Result("2b. the same, Varnish's request log masked",
                          f"{cached['quiet']:,.0f} req/s", static, ratio["quiet"], "-", None,
                          "no varnishncsa: the TLS proxy keeps the access log"))  # fmt: skip
        report.add(Result("2a. Varnish, empty VCL, same bytes", f"{cached['empty']:,.0f} req/s",
                          static, ratio["empty"], "-", None,
                          "what Varnish itself reaches here"))  # fmt: skip

        search_url = backend.url + "/search/?" + urlencode({"q": SEARCH_QUERY})
        served = in_turn(rounds, {
            "bare": lambda: wrk(backend.url + "/bench/bare/", seconds=seconds, connections=16,
                                headers=PAST_THE_PAGE_CACHE),
            "rendered": lambda: uncached_render(backend, question, seconds),
            "search": lambda: wrk(search_url, seconds=seconds, connections=16),
        })  # fmt: skip
        bare, rendered, search = served["bare"], served["rendered"], served["search"]
        report.add(Result("3. uncached page render", f"{rendered:,.0f} req/s",
                          f"bare Django view {bare:,.0f} req/s", rendered / bare, "≥ 0.25",
                          rendered / bare >= 0.25,
                          "past the page cache; its kept fragments used"))  # fmt: skip
        # Questions no one asked for yet: nothing of them is kept, everything is rendered.
        first = wrk(backend.url + "/", seconds=seconds, connections=16,
                    script=varied_pages(backend))  # fmt: skip
        report.add(Result("3c. first render of a page, nothing kept", f"{first:,.0f} req/s",
                          f"bare Django view {bare:,.0f} req/s", first / bare, "-",
                          None))  # fmt: skip
        if small_render:
            small = f"{SMALL_SITE[0]:,} pages, {SMALL_SITE[1]:,} comments"
            report.add(Result(f"3b. uncached render at this size vs {small}",
                              f"{rendered:,.0f} req/s", f"{small_render:,.0f} req/s",
                              rendered / small_render, "≥ 0.7 (within 30%)",
                              rendered / small_render >= 0.7))  # fmt: skip

        report.add(Result(f"4. search ({backend.pages:,} pages)", f"{search:,.0f} req/s",
                          f"uncached page {rendered:,.0f} req/s", search / rendered, "≥ 0.5",
                          search / rendered >= 0.5,
                          "the same query each time: its ranking is kept"))  # fmt: skip
        # A fresh query each time: what a search costs when its ranking is not kept. Rankings
        # kept by an earlier run of the same queries are forgotten first.
        script = varied_searches(backend)
        backend.forget_searches()
        varied = wrk(backend.url + "/", seconds=seconds, connections=16,
                     script=script)  # fmt: skip
        report.add(Result(f"4b. search, a new query each time ({backend.pages:,} pages)",
                          f"{varied:,.0f} req/s", f"uncached page {rendered:,.0f} req/s",
                          varied / rendered, "-", None))  # fmt: skip

        writers = Writers(backend, question["id"], run=f"{time.time_ns()}")
        readers = threading.Thread(target=wrk, args=(page_url,), kwargs={"seconds": seconds + 4})
        readers.start()
        writers.run_for(seconds + 4)
        readers.join()
        stored = writers.stored()
        lost = writers.accepted - stored
        p50, p99 = percentile(writers.latencies, 0.5), percentile(writers.latencies, 0.99)
        refused = ", ".join(f"{n}×{status}" for status, n in sorted(writers.refused.items()))
        report.add(Result("5. posting while 64 connections read",
                          f"{writers.accepted} accepted, {stored} stored",
                          f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms", None,
                          "every accepted comment stored", lost == 0 and writers.accepted > 0,
                          f"refused: {refused or 'none'}"))  # fmt: skip

        peak = backend.worker_peak_rss_mb()
        share = backend.worker_pss_mb()
        report.add(Result("memory: peak RSS per server worker", f"{peak:.0f} MB", "-", None,
                          "< 150 MB", peak < 150,
                          f"PSS at the end: {share:.0f} MB (shared pages split)"))  # fmt: skip
    finally:
        backend.stop()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument(
        "--seconds", type=int, default=None, help="Length of each wrk run (10 s; smoke: 3 s)."
    )
    parser.add_argument(
        "--rounds", type=int, default=None,
        help="Rounds of the cached-page and render runs, medians reported (3; smoke: 1).",
    )  # fmt: skip
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--smoke", action="store_true", help="200 pages, 2,000 comments, 3 s runs.")
    parser.add_argument(
        "--static-from", type=Path, help="Static files collected already, to start new sites from."
    )
    args = parser.parse_args()
    if args.smoke:
        args.pages, args.comments = 200, 2000
    args.seconds = args.seconds or (3 if args.smoke else 10)
    args.rounds = args.rounds or (1 if args.smoke else 3)
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"bench needs {tool}: apt-get install wrk nginx-light varnish")
    reports = []
    for name in args.backends.split(","):
        backend = Backend(name, args.pages, args.comments, args.postgres_url, args.redis_url)
        print(f"[{name}] {backend.home}", flush=True)
        small_render = small_site_render(name, args) if args.pages > SMALL_SITE[0] else None
        report = run_backend(backend, args.seconds, args.rounds, small_render, args.static_from)
        (VAR / f"results-{name}.json").write_text(json.dumps(asdict(report), indent=2))
        reports.append(report)
    print()
    for report in reports:
        print(report.markdown())
        print()
    if any(result.passed is False and result.scenario.startswith("5.")
           for report in reports for result in report.results):  # fmt: skip
        raise SystemExit("accepted comments were lost")


if __name__ == "__main__":
    main()
