"""Searches readers make, counted as the search app tells of them."""

from django.dispatch import receiver

from plainly.pagecache import is_a_readers_agent
from plainly.readers.searches import record_search
from plainly.search.signals import searched


@receiver(searched)
def count_search(sender, request, query: str, found: int, **kwargs):
    # Crawlers and scripts are not readers looking for an answer.
    if is_a_readers_agent(request.headers.get("User-Agent", "")[:256]):
        record_search(query, found=found)
