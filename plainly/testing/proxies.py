"""The shipped nginx and Varnish configurations, run on loopback in front of a Plainly server, for
the tests and the benchmarks."""

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from plainly.testing.servers import free_port, running_on_ci, wait_until_serving

ROOT = Path(__file__).resolve().parents[2]

# The secret the tests' Varnish checks on purges, as an operator would put it in the VCL.
PURGE_SECRET = "a-secret-for-the-tests-varnish-only-0123456789"


def purging_through(varnish: str) -> dict[str, str]:
    """The settings that send a site's purges to ``varnish``."""
    return {"PLAINLY_FRONTEND_CACHE_URL": varnish, "PLAINLY_FRONTEND_CACHE_SECRET": PURGE_SECRET}


def varnishd() -> str | None:
    found = shutil.which("varnishd") or "/usr/sbin/varnishd"
    return found if Path(found).exists() else None


def shipped_vcl(backend_port: int) -> str:
    """deploy/varnish.vcl, pointed at a server on ``backend_port`` and taking the tests' purges."""
    return pointed_at((ROOT / "deploy" / "varnish.vcl").read_text(), backend_port).replace(
        "REPLACE-WITH-PLAINLY_FRONTEND_CACHE_SECRET", PURGE_SECRET
    )


def pointed_at(vcl: str, backend_port: int) -> str:
    return vcl.replace('.port = "8000"', f'.port = "{backend_port}"')


@contextlib.contextmanager
def running(
    command: list[str], port: int, log: Path, *, name: str, probe: str = "/", timeout: float = 90
) -> Iterator[str]:
    """A server program on ``port``, once ``probe`` answers, for as long as the block runs; its
    address."""
    with log.open("w") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + probe, process, log, timeout=timeout, name=name)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


@contextlib.contextmanager
def run_varnish(
    home: Path, vcl: str, *, memory: str = "32m", params: tuple[str, ...] = (), probe: str = "/"
) -> Iterator[str]:
    """Varnish with ``vcl`` (``shipped_vcl`` or one of a benchmark's), its files in ``home``, for
    as long as the block runs; its address. ``params`` are varnishd's ``-p`` settings."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "plainly.vcl").write_text(vcl)
    port = free_port()
    command = [varnishd() or "varnishd", "-F", "-n", str(home / "work"), "-a", f"127.0.0.1:{port}",
               "-f", str(home / "plainly.vcl"), "-s", f"malloc,{memory}", "-T", "127.0.0.1:0",
               "-j", "none", *(arg for param in params for arg in ("-p", param))]  # fmt: skip
    with running(command, port, home / "varnishd.log", name="varnishd", probe=probe) as url:
        yield url


def nginx_config(home: Path, site: str, *, workers: int = 1) -> Path:
    """An nginx.conf in ``home`` serving ``site`` (a ``server`` block), run as whoever runs it."""
    (home / "site.conf").write_text(site)
    # Run as root, nginx would hand its work to "nobody", who cannot reach the test's folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = home / "nginx.conf"
    config.write_text(
        f"{user}worker_processes {workers};\npid {home}/nginx.pid;\nerror_log {home}/error.log;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{ access_log off; include {home}/site.conf; }}\n"
    )
    return config


@contextlib.contextmanager
def run_nginx(
    home: Path, site: str, port: int, *, workers: int = 1, probe: str = "/"
) -> Iterator[str]:
    """nginx serving ``site`` on ``port``, its files in ``home``, for as long as the block runs;
    its address."""
    home.mkdir(parents=True, exist_ok=True)
    config = nginx_config(home, site, workers=workers)
    command = ["nginx", "-c", str(config), "-p", str(home), "-g", "daemon off;"]
    with running(command, port, home / "nginx.log", name="nginx", probe=probe) as url:
        yield url


def shipped_nginx_site(upstream_port: int, port: int) -> str:
    """deploy/nginx.conf, listening on ``port`` and passing to a server on ``upstream_port``."""
    shipped = (ROOT / "deploy" / "nginx.conf").read_text()
    site = shipped.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
    return site.replace("listen 80;", f"listen 127.0.0.1:{port};")


def _needed(program: str | None, package: str) -> None:
    if program:
        return
    if running_on_ci():
        pytest.fail(f"{package} is missing: .ci/run installs Debian's {package} package")
    pytest.skip(f"needs {package} (apt-get install {package})")


@pytest.fixture(scope="session")
def varnish_home(tmp_path_factory) -> Path:
    """The folder of the ``varnish`` fixture's files: its working directory (``-n``) is
    ``work`` in it."""
    return tmp_path_factory.mktemp("varnish")


@pytest.fixture(scope="session")
def varnish(served_site, varnish_home) -> Iterator[str]:
    """Debian's Varnish with deploy/varnish.vcl, in front of ``served_site``; its address."""
    _needed(varnishd(), "varnish")
    vcl = shipped_vcl(urlsplit(served_site.url).port)
    with run_varnish(varnish_home, vcl) as url:
        yield url


@pytest.fixture(scope="session")
def nginx(served_site, tmp_path_factory) -> Iterator[str]:
    """nginx with deploy/nginx.conf, in front of ``served_site``; its address."""
    with _shipped_nginx(urlsplit(served_site.url).port, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.fixture(scope="session")
def nginx_and_varnish(varnish, tmp_path_factory) -> Iterator[str]:
    """The shipped nginx in front of the shipped Varnish in front of the served site, as an
    operator runs them on one machine; nginx's address."""
    home = tmp_path_factory.mktemp("nginx-varnish")
    with _shipped_nginx(urlsplit(varnish).port, home) as url:
        yield url


def _shipped_nginx(upstream_port: int, home: Path):
    _needed(shutil.which("nginx"), "nginx-light")
    port = free_port()
    return run_nginx(home, shipped_nginx_site(upstream_port, port), port)
