"""A PostgreSQL server of a test's own, to stop and start as an outage would, without touching
the server the rest of the test run uses."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from plainly.testing.servers import free_port, running_on_ci


def server_programs() -> Path | None:
    """The folder holding PostgreSQL's ``initdb`` and ``pg_ctl`` (Debian keeps them off PATH)."""
    if pg_config := shutil.which("pg_config"):
        folder = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout
        if (Path(folder.strip()) / "pg_ctl").exists():
            return Path(folder.strip())
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


class PostgresServer:
    """A throwaway cluster on a free port, trusting local connections, with no durability
    tuning: it holds one test's site and is removed afterwards."""

    def __init__(self):
        programs = server_programs()
        if programs is None:
            if running_on_ci():
                pytest.fail("PostgreSQL's server programs are missing (apt-get install postgresql)")
            pytest.skip("needs PostgreSQL's server programs (initdb, pg_ctl)")
        self.programs = programs
        self.port = free_port()
        # PostgreSQL refuses to run as root; it then runs as the postgres user, who must be
        # able to reach the folder: hence a folder of its own in the system's temporary folder.
        self.home = Path(tempfile.mkdtemp(prefix="plainly-postgres-"))
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.home, "postgres", "postgres")
        self.data = self.home / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/plainly"
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")  # fmt: skip

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.programs / program), *args],
                       check=True, capture_output=True, timeout=120)  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.home / "log"),
                  "-w", "start")  # fmt: skip

    def create_database(self) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "plainly")

    def stop(self) -> None:
        # "fast": connections are cut at once, as when the server goes away under the site.
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.as_user, str(self.programs / "pg_ctl"), "-D", str(self.data),
                            "-m", "immediate", "stop"], capture_output=True)  # fmt: skip
        shutil.rmtree(self.home, ignore_errors=True)
