"""Plainly installations of their own (database, files, server), as an operator runs them."""

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from plainly.testing.servers import loopback_url, wait_until_serving


@dataclass
class ServedSite:
    """A Plainly installation of its own (database, files) served by ``plainly serve``."""

    url: str
    env: dict[str, str]
    log: Path
    server: subprocess.Popen | None = None

    def plainly(
        self, *args: str, timeout: float | None = 120, capture: bool = True
    ) -> subprocess.CompletedProcess:
        """Run a ``plainly`` command for this installation; it must succeed."""
        return subprocess.run(
            [sys.executable, "-m", "plainly", *args],
            env=self.env,
            capture_output=capture,
            text=True,
            timeout=timeout,
            check=True,
        )

    def start(self, *args: str) -> subprocess.Popen:
        with self.log.open("a") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "plainly", *args],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )


# A line that starts an entry of a server's log: Plainly's own, or granian's.
LOG_ENTRY = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|\[[A-Z]+\])")
ERROR_LEVELS = (" ERROR ", " CRITICAL ", "[ERROR]")


def errors_in(log: str, limit: int = 3) -> str:
    """The last ``limit`` errors in a server's log, each with the end of its traceback: what a
    failed test's report needs when the browser saw only a 500 page."""
    entries: list[list[str]] = []
    current: list[str] | None = None
    for line in log.splitlines():
        if LOG_ENTRY.match(line):
            current = [line] if any(level in line for level in ERROR_LEVELS) else None
            if current is not None:
                entries.append(current)
        elif current is not None:
            current.append(line)
    shown = [entry if len(entry) <= 30 else [*entry[:2], "  ...", *entry[-25:]]
             for entry in entries[-limit:]]  # fmt: skip
    return "\n\n".join("\n".join(entry) for entry in shown)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that served a site reports the errors that site logged."""
    report = yield
    if report.failed:
        for name, value in getattr(item, "funcargs", {}).items():
            if not (isinstance(value, ServedSite) and value.log.exists()):
                continue
            if errors := errors_in(value.log.read_text(errors="replace")):
                report.sections.append((f"errors {name} logged", errors))
    return report


def run_plainly(*args: str, **env: str) -> subprocess.CompletedProcess:
    """A ``plainly`` command in a process of its own, on the settings ``env`` (``PLAINLY_*``
    variables) gives over this one's, as an operator would run it."""
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "plainly", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


class PostgresDatabase:
    """A throwaway PostgreSQL database beside the one the test run was pointed at."""

    def __init__(self, url: str, name: str):
        import psycopg

        self.psycopg = psycopg
        self.admin_url = url
        self.name = name
        parts = urlsplit(url)
        self.url = urlunsplit(parts._replace(path=f"/{name}"))

    def _execute(self, statement: str) -> None:
        with self.psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def create(self, template: str | None = None) -> None:
        """The database made empty, or as a copy of the database named ``template``."""
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        copying = f' TEMPLATE "{template}"' if template else ""
        self._execute(f'CREATE DATABASE "{self.name}"{copying}')

    def drop(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def own_database(
    home: Path, name: str, template: str | None = None
) -> tuple[str, "PostgresDatabase | None"]:
    """A database of its own for an installation the tests run, on the engine under test: a
    SQLite file in ``home``, or a new PostgreSQL database (returned too, to drop afterwards),
    empty or a copy of the PostgreSQL database named ``template``."""
    configured = os.environ.get("PLAINLY_DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        database = PostgresDatabase(configured, f"plainly_{name}_{os.getpid()}")
        database.create(template)
        return database.url, database
    return f"sqlite:///{home / 'site.sqlite3'}", None


@dataclass
class DemoSite:
    """The demo site as ``plainly demo --no-serve`` made it: its files, and its database when that
    is not a SQLite file among them."""

    home: Path
    database: PostgresDatabase | None


@pytest.fixture(scope="session")
def demo_made(tmp_path_factory) -> Iterator[DemoSite]:
    """The demo site, made once for the run: migrating and loading it takes a core up to half a
    minute, and several tests each need a site of their own (``demo_copy`` makes them)."""
    home = tmp_path_factory.mktemp("demo-made")
    database_url, database = own_database(home, "demo")
    installation(home, database_url).plainly("demo", "--no-serve", timeout=300)
    yield DemoSite(home, database)
    if database:
        database.drop()


def demo_copy(
    made: DemoSite, home: Path, name: str, base_url: str
) -> tuple[str, "PostgresDatabase | None"]:
    """A copy of the ``made`` demo site in ``home`` (its cache left behind), its address set to
    ``base_url`` as ``plainly demo`` would have set it from PLAINLY_BASE_URL: the database's
    address, and the database to drop afterwards on PostgreSQL, as ``own_database`` gives."""
    skipped = shutil.ignore_patterns("cache", "records", "static", "*.log")
    shutil.copytree(made.home, home, ignore=skipped, dirs_exist_ok=True)  # the SQLite file too
    database_url, database = own_database(home, name, made.database and made.database.name)
    address = urlsplit(base_url)
    readdress = "UPDATE wagtailcore_site SET hostname = {0}, port = {0} WHERE is_default_site"
    if database is None:
        with contextlib.closing(sqlite3.connect(home / "site.sqlite3")) as connection, connection:
            connection.execute(readdress.format("?"), (address.hostname, address.port))
    else:
        with database.psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(readdress.format("%s"), (address.hostname, address.port))
    return database_url, database


def installation(home: Path, database_url: str, url: str | None = None) -> ServedSite:
    """A Plainly installation in ``home`` on ``database_url``, to be served at ``url`` (on a free
    port unless given).

    Its cache is a file cache in ``home``, or, on a run against Redis, keys of its own there, so
    that it never reads what another run or the tests left behind.
    """
    env = {**os.environ, "PLAINLY_VAR_DIR": str(home), "PLAINLY_DATABASE_URL": database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cache_url = os.environ.get("PLAINLY_CACHE_URL", "")
    if cache_url.startswith("redis://"):
        prefix = f"plainly-site-{os.getpid()}-{time.time_ns()}"
        env["PLAINLY_CACHE_URL"] = urlunsplit(
            urlsplit(cache_url)._replace(query=f"key_prefix={prefix}")
        )
    else:
        env["PLAINLY_CACHE_URL"] = f"filecache://{home / 'cache'}"
    # Django's file cache keeps 300 entries, then drops a third of them at random on a write: a
    # site that many tests share would lose the copy of a page at a moment of no test's choosing
    # (and a reader would wait for its render where a test says none does).
    env["PLAINLY_PAGE_CACHE_URL"] = f"filecache://{home / 'pages'}?max_entries=1000000"
    url = url or loopback_url()
    env["PLAINLY_BASE_URL"] = url
    # Wagtail's autosave creates a page being written on the add form at a moment of its own
    # choosing; a browser test that presses Publish meanwhile races it (both create the page, and
    # the second is refused for its slug). Served test sites save only when told to.
    env["PLAINLY_AUTOSAVE_MILLISECONDS"] = "0"
    return ServedSite(url=url, env=env, log=home / "server.log")


def serve(site: ServedSite, *args: str) -> subprocess.Popen:
    """Start ``plainly serve`` for ``site`` (two processes, as in production) and wait for it."""
    port = str(urlsplit(site.url).port)
    site.server = site.start("serve", "--port", port, "--workers", "2", "--skip-collectstatic",
                             *args)  # fmt: skip
    wait_until_serving(site.url + "/", site.server, site.log)
    return site.server


def collect_static(site: ServedSite, collected: Path) -> None:
    """The static files of ``site`` as its ``plainly collectstatic`` would leave them: the run's
    ``collected`` files, from the same code and settings. Linked, not copied: a server only
    reads them, and checking them all again took each installation a core for half a minute
    (``test_static_files`` runs collectstatic over a copy itself)."""
    shutil.copytree(collected, Path(site.env["PLAINLY_VAR_DIR"]) / "static", copy_function=os.link)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory, smtp_server, demo_made, collected_static) -> Iterator[ServedSite]:
    """The demo site in its own database and files, served by granian on a free port.

    Its worker runs alongside, publishing every second, and its mail goes to ``smtp_server``.
    """
    home = tmp_path_factory.mktemp("served-site")
    url = loopback_url()
    database_url, database = demo_copy(demo_made, home, "served", url)
    site = installation(home, database_url, url)
    site.env["PLAINLY_EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_server.port}"
    collect_static(site, collected_static)
    worker = site.start("worker", "--interval", "1")
    try:
        serve(site, "--no-worker")
        yield site
    finally:
        for process in (site.server, worker):
            if process:
                process.terminate()
                process.wait(timeout=15)
        if database:
            database.drop()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """Static files collected once for the run: compressing them takes a core half a minute,
    and every installation the tests serve starts with them (``collect_static``)."""
    home = tmp_path_factory.mktemp("collected-static")
    installation(home, f"sqlite:///{home / 'site.sqlite3'}").plainly(
        "collectstatic", "--no-input", "--verbosity", "0", timeout=300
    )
    return home / "static"
