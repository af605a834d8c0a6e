import logging
import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger("plainly.worker")


class Command(BaseCommand):
    help = "Run Plainly's background work: scheduled publishing every minute, without cron."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=60, help="Seconds between runs (default 60)."
        )
        parser.add_argument("--once", action="store_true", help="Run once and exit.")

    def handle(self, *args, interval, once, **options):
        if once:
            self.run_once()
            return
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.stdout.write(f"Publishing scheduled pages every {interval:g} seconds")
        while not self.stopping:
            started = time.monotonic()
            self.run_once()
            # A long-lived process must not hold on to a connection the database has dropped.
            close_old_connections()
            # Sleep in short steps so that a stop signal is honoured promptly.
            while not self.stopping and time.monotonic() - started < interval:
                time.sleep(min(0.5, interval))

    def run_once(self):
        try:
            call_command("publish_scheduled", verbosity=0)
        except Exception:  # A failed run must not end the worker; the next one retries.
            logger.exception("Scheduled publishing failed; retrying at the next run")

    def stop(self, signum, frame):
        self.stopping = True
