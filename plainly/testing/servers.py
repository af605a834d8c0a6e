"""Servers the tests and benchmarks start on loopback: free ports, waiting for an answer, Redis."""

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def wait_until_serving(
    url: str, server: subprocess.Popen, log: Path, timeout: float = 90, name: str = "plainly serve"
) -> None:
    """Return once ``url`` answers; fail, with ``server``'s log, if it stops or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise NotServing(f"{name} exited with {server.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise NotServing(f"{name} did not answer within {timeout} s:\n{_tail(log)}")


class NotServing(RuntimeError):
    """A server that stopped, or never answered."""


def _tail(log: Path) -> str:
    return log.read_text()[-20_000:] if log.exists() else "(no log)"


def running_on_ci() -> bool:
    return os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}
