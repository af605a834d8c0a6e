import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from plainly.ops import benchdata


class Command(BaseCommand):
    help = "Fill the database with a large site for benchmarks: topics, questions and comments."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=1000, help="Questions to add.")
        parser.add_argument("--comments", type=int, default=10_000, help="Comments to add.")
        parser.add_argument(
            "--topics", type=int, help="Topics to spread them over (default one per 2,000)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same site.")

    def handle(self, *args, pages, comments, topics, seed, **options):
        if pages < 1 or comments < 0 or (topics is not None and topics < 1):
            raise CommandError("--pages and --topics must be at least 1, --comments at least 0.")
        call_command("migrate", interactive=False, verbosity=0)
        started = time.monotonic()
        made = benchdata.generate(
            pages=pages,
            comments=comments,
            topics=topics,
            seed=seed,
            progress=options["verbosity"] > 0,
        )
        self.stdout.write(
            f"Added {made.topics} topics, {made.questions} questions and {made.comments} comments "
            f"in {time.monotonic() - started:.0f} s."
        )
