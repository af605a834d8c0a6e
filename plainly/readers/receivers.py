"""What the readers app hears of: searches readers make, as the search app tells of them, and
questions published that readers asked for."""

import logging

from django.db import DatabaseError
from django.dispatch import receiver
from wagtail.signals import page_published

from plainly import abuse
from plainly.pagecache import is_a_readers_agent
from plainly.readers import asking
from plainly.readers.searches import record_search
from plainly.search.signals import searched

logger = logging.getLogger(__name__)

# Searches one address may have counted: a reader searches a few times a minute; a script that
# would fill the editors' report stops counting here.
LIMITS = [(20, 60), (300, 24 * 60 * 60)]


@receiver(searched)
def count_search(sender, request, query: str, found: int, **kwargs):
    # Crawlers and scripts are not readers looking for an answer.
    if not is_a_readers_agent(request.headers.get("User-Agent", "")[:256]):
        return
    try:
        abuse.consume("readers:searches", abuse.client_ip_hash(request), LIMITS)
        record_search(query, found=found)
    except abuse.Limited:
        pass
    except DatabaseError:  # the reader gets their results all the same
        logger.warning("A search was not counted", exc_info=True)


@receiver(page_published)
def tell_readers_of_their_answer(sender, instance, **kwargs):
    """A question readers asked is published: they are told, once. The page is published
    whatever becomes of the telling."""
    try:
        asking.answered(instance)
    except Exception:
        logger.exception("Telling readers of the answer to their question failed")
