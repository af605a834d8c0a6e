from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plainly.ops import backups


class Command(BaseCommand):
    help = (
        "Replace this site's database and uploaded media with a backup made by `plainly backup`. "
        "Stop the servers and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="A .tar.gz made by `plainly backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: everything now on the site is replaced."
        )

    def handle(self, *args, archive, yes, **options):
        if not yes:
            answer = input(f"Replace this site's database and media with {archive}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing restored.")
        try:
            manifest = backups.restore(archive)
        except (backups.BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored the backup made {manifest['created']}"))
