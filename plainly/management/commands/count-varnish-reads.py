"""``plainly count-varnish-reads``: pages Varnish answers from its own cache, counted as reads."""

import shutil
import signal
import subprocess

from django.core.management.base import BaseCommand, CommandError

from plainly.pagecache import VARNISH_FORMAT, count_varnish_line, flush_reads


def stop(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Count the pages Varnish answers from its own cache as reads, from Varnish's log "
        "(varnishncsa); the requests it passes on are counted by Plainly's server. Runs until "
        "stopped, adding its counts every few seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name",
            "-n",
            help="Varnish's working directory or instance name, as given to varnishd -n.",
        )

    def handle(self, *args, name, **options):
        program = shutil.which("varnishncsa") or shutil.which("varnishncsa", path="/usr/sbin")
        if program is None:
            raise CommandError(
                "varnishncsa is missing: it comes with Varnish (apt-get install varnish)."
            )
        command = [program, "-c", "-F", VARNISH_FORMAT, *(["-n", name] if name else [])]
        # Stopped politely (systemd, a terminal's Ctrl-C), it adds what it holds before leaving.
        signal.signal(signal.SIGTERM, stop)
        log = subprocess.Popen(  # noqa: S603 - our own fixed command line
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            for line in log.stdout:
                count_varnish_line(line)
        except KeyboardInterrupt:
            pass
        finally:
            log.terminate()
            log.wait(timeout=10)
            flush_reads()
        if log.returncode not in (0, -signal.SIGTERM):
            raise CommandError(f"varnishncsa stopped: {log.stderr.read().strip()}")
