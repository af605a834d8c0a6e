"""How long what readers tell the site is kept: search counts 90 days; the hash that keeps a
vote one a reader a page a day only its own day (the vote stays, nameless); an address left with
a question a year at most (it goes sooner, once the answer is sent or the question declined)."""

import datetime

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from plainly.pagecache import site_today
from plainly.readers.models import Asking, SearchCount, Vote

# The reports look back a month at most.
SEARCHES_KEPT_DAYS = 90
# A question not answered in a year is unlikely to be: its reader's address is not kept waiting.
ADDRESSES_KEPT_DAYS = 365


def forget_old_records(today: datetime.date | None = None) -> int:
    """Delete search counts past ``SEARCHES_KEPT_DAYS`` and addresses left with questions past
    ``ADDRESSES_KEPT_DAYS``, and replace the voter hash of every vote before today with a name
    of its own; how many rows changed."""
    today = today or site_today()
    count, _ = SearchCount.objects.filter(
        day__lt=today - datetime.timedelta(days=SEARCHES_KEPT_DAYS)
    ).delete()
    count += (
        Vote.objects.filter(day__lt=today)
        .exclude(voter__startswith="forgotten:")
        .update(voter=Concat(Value("forgotten:"), Cast("pk", CharField())))
    )
    count += (
        Asking.objects.filter(
            asked_at__date__lt=today - datetime.timedelta(days=ADDRESSES_KEPT_DAYS)
        )
        .exclude(email="")
        .update(email="")
    )
    return count
