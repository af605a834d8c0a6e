from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plainly.ops import backups


class Command(BaseCommand):
    help = (
        "Back up the database and uploaded media into one .tar.gz, while the site serves "
        "(SQLite's online backup, or pg_dump)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder for the archive (default: backups/ in PLAINLY_VAR_DIR).",
        )

    def handle(self, *args, output, **options):
        try:
            archive = backups.back_up(output or Path(settings.VAR_DIR) / "backups")
        except (backups.BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {archive}"))
