import datetime
import logging
import os
import signal
import socket
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from plainly import pagecache
from plainly.accounts.retention import forget_ended_sessions
from plainly.discussion.digest import send_digest_if_due
from plainly.discussion.retention import forget_old_addresses
from plainly.editorial.digest import send_review_digest_if_due
from plainly.ops import statistics
from plainly.readers.retention import forget_old_records as forget_old_reader_records

logger = logging.getLogger("plainly.worker")

BACKGROUND = "background"
# How often queued background work (mail) is looked for, in seconds.
TASK_POLL_INTERVAL = 1.0
# Finished tasks hold mail bodies, with their links and addresses: keep them only this long.
KEEP_FINISHED_TASKS = datetime.timedelta(days=1)
# SQLite's planner statistics are refreshed, and what is kept no longer forgotten, when the worker
# starts and then daily.
DAILY = 24 * 60 * 60
HOURLY = 60 * 60


class Command(BaseCommand):
    help = (
        "Run Plainly's background work: queued mail as it arrives; scheduled publishing, the "
        "moderators' daily digest and the editors' weekly one, checked every minute; old "
        "sessions and address hashes forgotten daily; all without cron. Run one per site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=60,
            help="Seconds between scheduled-publishing runs (default 60).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Publish what is due, send what is queued, exit."
        )

    def handle(self, *args, interval, once, **options):
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}"
        if once:
            self.publish_scheduled()
            self.send_digests()
            self.prune_finished_tasks()
            self.forget_old_records()
            self.drop_expired_fragments()
            self.run_queued_tasks()
            return
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.stdout.write(f"Sending queued mail; publishing scheduled pages every {interval:g} s")
        next_publishing = next_daily = next_hourly = 0.0
        while not self.stopping:
            if time.monotonic() >= next_daily:
                self.update_statistics()
                self.forget_old_records()
                next_daily = time.monotonic() + DAILY
            if time.monotonic() >= next_hourly:
                self.drop_expired_fragments()
                next_hourly = time.monotonic() + HOURLY
            if time.monotonic() >= next_publishing:
                self.publish_scheduled()
                self.send_digests()
                self.prune_finished_tasks()
                next_publishing = time.monotonic() + interval
            self.run_queued_tasks()
            # A long-lived process must not hold on to a connection the database has dropped.
            close_old_connections()
            # Sleep in short steps so that a stop signal is honoured promptly.
            wake_at = time.monotonic() + TASK_POLL_INTERVAL
            while not self.stopping and time.monotonic() < wake_at:
                time.sleep(0.1)

    def publish_scheduled(self):
        try:
            call_command("publish_scheduled", verbosity=0)
        except Exception:  # A failed run must not end the worker; the next one retries.
            logger.exception("Scheduled publishing failed; retrying at the next run")

    def update_statistics(self):
        try:
            statistics.update_statistics()
        except Exception:
            logger.exception("Updating the planner's statistics failed; retrying tomorrow")

    def send_digests(self):
        try:
            send_digest_if_due()
        except Exception:
            logger.exception("The moderation digest failed; retrying at the next run")
        try:
            send_review_digest_if_due()
        except Exception:
            logger.exception("The editors' review digest failed; retrying at the next run")

    def prune_finished_tasks(self):
        cutoff = timezone.now() - KEEP_FINISHED_TASKS
        try:
            DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
        except Exception:
            logger.exception("Pruning finished tasks failed; retrying at the next run")

    def drop_expired_fragments(self):
        try:
            pagecache.drop_expired()
        except Exception:
            logger.exception("Dropping expired page fragments failed; retrying in an hour")

    def forget_old_records(self):
        """What the privacy page promises: ended sessions and old address hashes go."""
        try:
            forget_ended_sessions()
            forget_old_addresses()
            forget_old_reader_records()
        except Exception:
            logger.exception("Forgetting old records failed; retrying at the next run")

    def run_queued_tasks(self):
        """Run every background task that is due, then return."""
        if not isinstance(task_backends[BACKGROUND], DatabaseBackend):
            return  # Tasks run as they are queued; there is nothing waiting.
        try:
            Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name=BACKGROUND,
                startup_delay=False,
                max_tasks=None,
                worker_id=self.worker_id,
            ).run()
        except Exception:  # The database may be away; the next poll retries.
            logger.exception("Running queued tasks failed; retrying shortly")

    def stop(self, signum, frame):
        self.stopping = True
