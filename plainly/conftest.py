"""Fixtures shared by every app's tests: a real Plainly server, and a real browser to read it."""

import asyncio
import contextlib
import email
import email.message
import email.policy
import io
import logging
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


class Mailbox:
    """Mail received by a real SMTP server on loopback (aiosmtpd), for tests to read."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for message in self.messages if address in message["To"]]

    def wait_for(self, address: str, *, count: int = 1, timeout: float = 20):
        """The mails to ``address`` once ``count`` have arrived."""
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count:
            if time.monotonic() > deadline:
                pytest.fail(f"{count} mail(s) to {address} never arrived; got {self.messages}")
            time.sleep(0.1)
        return self.to(address)


def body_of(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def links_in(message: email.message.EmailMessage) -> list[str]:
    return re.findall(r"https?://\S+", body_of(message))


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd narrates every command
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings) -> Mailbox:
    """An empty mailbox on a real SMTP server, with the site's mail pointed at it."""
    smtp_server.messages.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    return smtp_server


@dataclass
class ServedSite:
    """A Plainly installation of its own (database, files) served by ``plainly serve``."""

    url: str
    env: dict[str, str]
    log: Path
    server: subprocess.Popen | None = None

    def plainly(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "plainly", *args],
            env=self.env,
            capture_output=True,
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


def wsgi_application():
    from plainly.wsgi import application

    return application


@pytest.fixture(scope="session", autouse=True)
def wsgi_loaded(django_db_setup):
    """Load the WSGI stack once, first: loading it sets up Django's logging again, which would
    take the log capture away from a test that happened to load it."""
    wsgi_application()


def rows_for_the_module(make):
    """A module-scoped fixture giving what ``make()`` adds to the database, made once for the
    module's tests and rolled back after the last of them, as ``TestCase.setUpTestData`` keeps
    its rows. Each test still runs in a savepoint of its own: what one changes, the next does
    not see. For modules whose tests all use the ``db`` fixture, not ``transactional_db``."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        from django.db import transaction

        with django_db_blocker.unblock(), transaction.atomic():
            yield make()
            transaction.set_rollback(True)

    return fixture


def call_wsgi(
    path: str, *, method: str = "GET", query: str = "", body=None, **environ: str
) -> tuple[int, dict[str, str], bytes]:
    """Send one request straight to ``plainly.wsgi.application``, the stack a server runs; its
    status, headers and body. ``environ`` holds WSGI names (HTTP_HOST=..., CONTENT_LENGTH=...)."""
    from wsgiref.util import setup_testing_defaults

    request = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "localhost",
        "REMOTE_ADDR": "192.0.2.1",
        "wsgi.input": body if body is not None else io.BytesIO(b""),
        **environ,
    }
    setup_testing_defaults(request)
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, dict(headers)

    response = wsgi_application()(request, start_response)
    try:
        content = b"".join(response)
    finally:
        if hasattr(response, "close"):
            response.close()
    return int(started["status"].split()[0]), started["headers"], content


def sign_in_with_code(page, *, email: str, password: str, totp_secret: str) -> None:
    """Sign in on the members' form open in ``page``, then give the authenticator's code."""
    from plainly.accounts.two_factor import PERIOD, current_code

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    code = page.get_by_label("Code")
    code.wait_for()
    # The site takes only the current period's code, as a person types it from their app; on a
    # busy machine one read in a period's last seconds can reach the server in the next.
    if PERIOD - time.time() % PERIOD < 5:
        time.sleep(PERIOD - time.time() % PERIOD + 0.1)
    code.fill(current_code(totp_secret))
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _PostgresDatabase:
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
) -> tuple[str, "_PostgresDatabase | None"]:
    """A database of its own for an installation the tests run, on the engine under test: a
    SQLite file in ``home``, or a new PostgreSQL database (returned too, to drop afterwards),
    empty or a copy of the PostgreSQL database named ``template``."""
    configured = os.environ.get("PLAINLY_DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        database = _PostgresDatabase(configured, f"plainly_{name}_{os.getpid()}")
        database.create(template)
        return database.url, database
    return f"sqlite:///{home / 'site.sqlite3'}", None


@dataclass
class DemoSite:
    """The demo site as ``plainly demo --no-serve`` made it: its files, and its database when that
    is not a SQLite file among them."""

    home: Path
    database: _PostgresDatabase | None


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
) -> tuple[str, "_PostgresDatabase | None"]:
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


class RedisServer:
    """A redis-server of a test's own, on a free port, to stop, start or fill at will."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    def start(self, *options: str):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir), *options],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"],
                             capture_output=True, text=True).stdout.strip() != "PONG":  # fmt: skip
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)

    def cli(self, *command: str) -> str:
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *command],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def loopback_url() -> str:
    """An address on loopback, at a port nothing listens on yet."""
    return f"http://127.0.0.1:{free_port()}"


def wait_for(condition, *, timeout: float, step: float = 0.2):
    """``condition()``'s first true value, asking again until ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


def _wait_until_serving(
    url: str, server: subprocess.Popen, log: Path, timeout: float = 90, name: str = "plainly serve"
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"{name} exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"{name} did not answer within {timeout} s:\n{log.read_text()}")


def clear_cache() -> None:
    """Empty the cache the tests use (and only that: Redis may hold other keys)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    # The backends themselves: ``django.core.cache.cache`` is a proxy.
    for cache in (caches["default"], caches["pages"]):
        if isinstance(cache, RedisCache):
            # clear() would empty the whole Redis database, with the keys of the sites the tests
            # serve and of the other xdist worker in it; remove only this process's own keys.
            client = cache._cache.get_client(write=True)
            for key in client.scan_iter(match=f"{cache.key_prefix}:*"):
                client.delete(key)
        else:
            cache.clear()
    # Each process's own copy of cached pages goes too, and it looks for purges afresh.
    from plainly.pagecache import store

    store.memory.forget_all()
    store.memory.synced_at = 0.0


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as the database starts empty."""
    clear_cache()


@pytest.fixture
def keep_the_test_connection():
    """Requests sent straight to the WSGI app close the database connection when they end, which
    would end the test's transaction; Django's own test client stops that the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


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
    url = url or loopback_url()
    env["PLAINLY_BASE_URL"] = url
    return ServedSite(url=url, env=env, log=home / "server.log")


def serve(site: ServedSite, *args: str) -> subprocess.Popen:
    """Start ``plainly serve`` for ``site`` (two processes, as in production) and wait for it."""
    port = str(urlsplit(site.url).port)
    site.server = site.start("serve", "--port", port, "--workers", "2", "--skip-collectstatic",
                             *args)  # fmt: skip
    _wait_until_serving(site.url + "/", site.server, site.log)
    return site.server


def collect_static(site: ServedSite, collected: Path) -> None:
    """``plainly collectstatic`` for ``site``, starting from the run's ``collected`` files."""
    shutil.copytree(collected, Path(site.env["PLAINLY_VAR_DIR"]) / "static")
    site.plainly("collectstatic", "--no-input", "--verbosity", "0", timeout=300)


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


# The secret the tests' Varnish checks on purges, as an operator would put it in the VCL.
PURGE_SECRET = "a-secret-for-the-tests-varnish-only-0123456789"


def purging_through(varnish: str) -> dict[str, str]:
    """The settings that send a site's purges to ``varnish``."""
    return {"PLAINLY_FRONTEND_CACHE_URL": varnish, "PLAINLY_FRONTEND_CACHE_SECRET": PURGE_SECRET}


@pytest.fixture(scope="session")
def varnish(served_site, tmp_path_factory) -> Iterator[str]:
    """Debian's Varnish with deploy/varnish.vcl, in front of ``served_site``; its address."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(varnishd).exists():
        if running_on_ci():
            pytest.fail("varnishd is missing: .ci/run installs Debian's varnish package")
        pytest.skip("needs Varnish (apt-get install varnish)")
    home = tmp_path_factory.mktemp("varnish")
    backend_port = urlsplit(served_site.url).port
    shipped = (Path(__file__).parent.parent / "deploy" / "varnish.vcl").read_text()
    vcl = home / "plainly.vcl"
    vcl.write_text(
        shipped.replace('.port = "8000"', f'.port = "{backend_port}"').replace(
            "REPLACE-WITH-PLAINLY_FRONTEND_CACHE_SECRET", PURGE_SECRET
        )
    )
    port = free_port()
    command = [varnishd, "-F", "-n", str(home / "work"), "-a", f"127.0.0.1:{port}", "-f", str(vcl),
               "-s", "malloc,32m", "-T", "127.0.0.1:0", "-j", "none"]  # fmt: skip
    with _running(command, port, home / "varnishd.log", name="varnishd") as url:
        yield url


@pytest.fixture(scope="session")
def nginx(served_site, tmp_path_factory) -> Iterator[str]:
    """nginx with deploy/nginx.conf, in front of ``served_site``; its address."""
    with _nginx(urlsplit(served_site.url).port, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.fixture(scope="session")
def nginx_and_varnish(varnish, tmp_path_factory) -> Iterator[str]:
    """The shipped nginx in front of the shipped Varnish in front of the served site, as an
    operator runs them on one machine; nginx's address."""
    with _nginx(urlsplit(varnish).port, tmp_path_factory.mktemp("nginx-varnish")) as url:
        yield url


@contextlib.contextmanager
def _nginx(upstream_port: int, home: Path) -> Iterator[str]:
    if not shutil.which("nginx"):
        if running_on_ci():
            pytest.fail("nginx is missing: .ci/run installs Debian's nginx-light package")
        pytest.skip("needs nginx (apt-get install nginx-light)")
    port = free_port()
    shipped = (Path(__file__).parent.parent / "deploy" / "nginx.conf").read_text()
    site = shipped.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    (home / "site.conf").write_text(site)
    # Run as root, nginx would hand its work to "nobody", who cannot reach the test's folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (home / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {home}/nginx.pid;\nerror_log {home}/error.log;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{ access_log off; include {home}/site.conf; }}\n"
    )
    command = ["nginx", "-c", str(home / "nginx.conf"), "-p", str(home), "-g", "daemon off;"]
    with _running(command, port, home / "nginx.log", name="nginx") as url:
        yield url


@contextlib.contextmanager
def _running(command: list[str], port: int, log: Path, *, name: str) -> Iterator[str]:
    """A server program in front of the served site, for as long as the block runs; its address."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url + "/", process, log, name=name)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


def running_on_ci() -> bool:
    return os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # On CI a missing browser is a broken machine, not a reason to skip.
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if running_on_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        _bring_back_the_browsers_loop()
        chromium.close()


# Playwright's sync API marks its event loop as running in this thread between its calls, so that
# nothing starts the loop again under it. Django takes that mark for async code and refuses
# database work, so a database test after a browser test on the same xdist worker would fail:
# outside the browser's tests, the mark is put aside.
_browsers_loop: list = []


def _bring_back_the_browsers_loop() -> None:
    if _browsers_loop:
        asyncio._set_running_loop(_browsers_loop.pop())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if "browser" in item.fixturenames:
        _bring_back_the_browsers_loop()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        loop = asyncio._get_running_loop()
        if "browser" in item.fixturenames and loop is not None:
            _browsers_loop.append(loop)
            asyncio._set_running_loop(None)


@pytest.fixture
def page(browser, served_site):
    """A desktop-sized tab on the served site, in a browser context of its own."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is not installed at {AXE_SCRIPT}: run `npm ci` (make test does)")
    return AXE_SCRIPT


def serious_violations(page, axe_script: Path) -> list[str]:
    """The serious and critical accessibility problems axe-core finds on ``page``."""
    # Evaluated by the browser's debugging protocol: a <script> tag would be refused by the
    # site's Content-Security-Policy, as it should be.
    page.evaluate(axe_script.read_text() + "\n;window.axe = axe;")
    results = page.evaluate("async () => await axe.run(document)")
    assert results["passes"], "axe-core checked nothing"
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements)"
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
