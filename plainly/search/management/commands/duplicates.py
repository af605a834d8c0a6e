from django.core.management.base import BaseCommand, CommandError

from plainly.search.similar import DUPLICATE_THRESHOLD, duplicate_pairs


class Command(BaseCommand):
    help = "List pairs of published questions that look like the same question asked twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--threshold",
            type=float,
            default=DUPLICATE_THRESHOLD,
            help=f"Lowest similarity to list, from 0 to 1 (default {DUPLICATE_THRESHOLD}).",
        )

    def handle(self, *args, threshold, **options):
        if not 0 <= threshold <= 1:
            raise CommandError("--threshold must be between 0 and 1")
        pairs = duplicate_pairs(threshold)
        for first, second, score in pairs:
            self.stdout.write(f"{score:.2f}  {first.title}  [{first.pk}]")
            self.stdout.write(f"      {second.title}  [{second.pk}]")
        self.stdout.write(f"{len(pairs)} pair(s) at or above {threshold:.2f}.")
