"""``plainly warm``: render pages into the page cache ahead of their readers."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from plainly.ops.warming import addresses_to_warm, warm


class Command(BaseCommand):
    help = (
        "Render pages into the page cache before readers ask for them: every site's home page "
        "and topics, then every other page (or one topic's, or only the home pages and topics)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--topic", help="Only this topic (its slug) and the pages under it.")
        parser.add_argument(
            "--home-and-topics",
            action="store_true",
            help="Only the home pages and the topics: the pages most readers come through.",
        )

    def handle(self, *args, topic, home_and_topics, **options):
        addresses = addresses_to_warm(topic=topic, home_and_topics=home_and_topics)
        if topic is not None and not addresses:
            raise CommandError(f"--topic {topic}: no published topic has that slug.")
        shown = options["verbosity"] >= 1
        counts = warm(
            addresses,
            progress=lambda items, total: tqdm(
                items, total=total, unit=" pages", desc="Warming", disable=not shown
            ),
        )
        self.stdout.write(
            f"{counts['kept']} pages rendered and kept, {counts['kept already']} kept already, "
            f"{counts['not kept']} not kept (errors, or pages no cache may keep)."
        )
