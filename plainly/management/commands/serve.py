import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.db import connections
from granian import Granian
from granian.constants import Interfaces
from granian.http import HTTP1Settings

from plainly.checks import site_address_matches_base_url

CORES = os.cpu_count() or 1
# Request threads per worker process. A process runs Python on one core at a time (the GIL), so
# threads past those that cover database and cache waits only queue for it, and each one costs
# memory. Measured on two cores (docs/benchmarks.md): three threads rendered and posted as fast
# as five or faster, on SQLite and on PostgreSQL, with about 10 MB less per worker.
THREADS = CORES + 1
HEADER_SECONDS = 10
STOP_SECONDS = 30


class Command(BaseCommand):
    help = "Serve Plainly over HTTP with granian, one worker process per CPU core."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=CORES, help="Worker processes (default one per core)."
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=THREADS,
            help="Request threads per worker (default the cores plus one).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not run `plainly worker` alongside; run exactly one elsewhere instead.",
        )
        parser.add_argument(
            "--warm",
            action="store_true",
            help="Render the home pages and topics into the page cache as the server starts "
            "(`plainly warm --home-and-topics`, in a process of its own).",
        )
        parser.add_argument(
            "--skip-collectstatic",
            action="store_true",
            help="Serve the static files already collected instead of collecting them first.",
        )

    def handle(
        self, *args, host, port, workers, threads, no_worker, skip_collectstatic, warm, **options
    ):
        for warning in site_address_matches_base_url():
            self.stderr.write(self.style.WARNING(f"Warning: {warning.msg}\n  {warning.hint}"))
        if not skip_collectstatic:
            collect_static_files()
        if warning := pool_too_small(threads, settings.DATABASES["default"]):
            self.stderr.write(self.style.WARNING(warning))
        keep_a_connection_per_thread(threads, settings.DATABASES["default"])
        share_metrics()
        forget_database_connections()
        self.stdout.write(f"Serving Plainly on http://{host}:{port}/ with {workers} workers")
        server = granian_for(
            "plainly.wsgi:application", host=host, port=port, workers=workers, threads=threads
        )
        if warm:  # beside the server, not in it: the workers are forked from this process
            subprocess.Popen([sys.executable, "-m", "plainly", "warm", "--home-and-topics", "-v0"])
        if no_worker:
            server.serve()
            return
        # On one machine the site needs its worker too: mail leaves and pages publish through it.
        worker = subprocess.Popen([sys.executable, "-m", "plainly", "worker"])
        try:
            server.serve()
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()


def granian_for(target: str, *, host: str, port: int, workers: int, threads: int, **more):
    """The server ``plainly serve`` runs for the WSGI application ``target`` (the benchmarks run
    a bare application under the very same settings)."""
    return Granian(
        target,
        interface=Interfaces.WSGI,
        address=host,
        port=port,
        workers=workers,
        blocking_threads=threads,
        respawn_failed_workers=True,
        # On SIGTERM, requests under way get this long to finish. A worker still there after
        # that is killed: granian now and then leaves one waiting after its last answer.
        workers_kill_timeout=STOP_SECONDS,
        # A client gets this long to send its request line and headers (granian's default is
        # 30 s). Bodies are bounded in size (plainly.serving.body_limit) but not in time: granian
        # has no such limit, so a proxy in front must buffer them (deploy/nginx.conf).
        http1_settings=HTTP1Settings(header_read_timeout=HEADER_SECONDS * 1000),
        **more,
    )


def collect_static_files() -> None:
    """Collect static files in a process of its own: the workers are forked from this one, and
    would otherwise start with what collecting left behind in its memory."""
    subprocess.run(
        [sys.executable, "-m", "plainly", "collectstatic", "--no-input", "--verbosity", "0"],
        check=True,
    )
    # This process read the manifest before it was written: Wagtail's admin asks the storage
    # for it on import, and the system checks import the admin. Without the new manifest, a
    # stylesheet's name was made up from its collected copy, a file that does not exist.
    storage = storages["staticfiles"]
    storage.hashed_files, storage.manifest_hash = storage.load_manifest()


def pool_too_small(threads: int, database: dict) -> str | None:
    """A warning when request threads could wait for a pooled connection, and be told to try
    again later while the database is fine."""
    pool = database.get("OPTIONS", {}).get("pool")
    if isinstance(pool, dict) and threads > pool["max_size"]:
        return (
            f"Warning: {threads} request threads share {pool['max_size']} database connections "
            "per worker; raise PLAINLY_DATABASE_POOL to match."
        )
    return None


def keep_a_connection_per_thread(threads: int, database: dict) -> None:
    """Have each worker's pool keep a connection open for every request thread.

    A pool that starts with one connection opens more only when a request waits for one, and a
    request waits at most ``plainly.config.POOL_WAIT_SECONDS`` before it is told to try again
    later: on a machine busy enough that opening a connection took longer, readers got a 503
    while the database was fine.
    """
    pool = database.get("OPTIONS", {}).get("pool")
    if isinstance(pool, dict):
        pool["min_size"] = max(pool.get("min_size", 1), min(threads, pool["max_size"]))


def forget_database_connections() -> None:
    """Close this process's connections and pools before granian forks its workers.

    A forked worker would otherwise inherit them: two processes talking over one socket mix up
    each other's results. Each worker opens its own on its first request.
    """
    for connection in connections.all(initialized_only=True):
        connection.close()
    for connection in connections.all():
        if hasattr(connection, "close_pool"):
            connection.close_pool()


def share_metrics() -> None:
    """Have each worker write its request counts where a scrape of any worker adds them all up.

    Counts left by the processes of an earlier run are removed first, so they are not added in.
    """
    default = str(settings.VAR_DIR / "metrics")
    folder = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", default))
    folder.mkdir(parents=True, exist_ok=True)
    for counts in folder.glob("*.db"):
        counts.unlink()
