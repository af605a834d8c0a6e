"""``plainly warm``: render pages into the page cache ahead of their readers."""

import argparse

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from plainly.ops.warming import MOST_READ_DAYS, addresses_to_warm, most_read_addresses, warm


def positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"a whole number of pages, 1 or more, not {text!r}")
    return number


class Command(BaseCommand):
    help = (
        "Render pages into the page cache before readers ask for them: every site's home page "
        "and topics, then every other page (or one topic's, only the home pages and topics, or "
        "the pages read most)."
    )

    def add_arguments(self, parser):
        chosen = parser.add_mutually_exclusive_group()
        chosen.add_argument("--topic", help="Only this topic (its slug) and the pages under it.")
        chosen.add_argument(
            "--home-and-topics",
            action="store_true",
            help="Only the home pages and the topics: the pages most readers come through.",
        )
        chosen.add_argument(
            "--most-read",
            type=positive,
            metavar="N",
            help=f"Only the N pages read most in the last {MOST_READ_DAYS} days.",
        )

    def handle(self, *args, topic, home_and_topics, most_read, **options):
        if most_read is not None:
            addresses = most_read_addresses(most_read)
        else:
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
