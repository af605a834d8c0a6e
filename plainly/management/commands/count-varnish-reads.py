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
        # Only what Varnish answered from its cache: the rest reached Plainly, which counted it.
        command = [program, "-c", "-q", 'VCL_call eq "HIT"', "-F", VARNISH_FORMAT,
                   *(["-n", name] if name else [])]  # fmt: skip
        # Stopped politely (systemd, a terminal's Ctrl-C), it adds what it holds before leaving.
        signal.signal(signal.SIGTERM, stop)
        # varnishncsa's own complaints (an overrun log, no Varnish to attach to) go where this
        # command's do; a user agent that is not UTF-8 is read all the same.
        log = subprocess.Popen(  # noqa: S603 - our own fixed command line
            command, stdout=subprocess.PIPE, encoding="utf-8", errors="replace"
        )
        try:
            for line in log.stdout:
                count_varnish_line(line)
        except KeyboardInterrupt:
            pass
        finally:
            flush_reads()
            log.terminate()
            log.wait(timeout=10)
        if log.returncode not in (0, -signal.SIGTERM):
            raise CommandError(f"varnishncsa stopped (exit status {log.returncode}): see above")
