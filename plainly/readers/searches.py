"""What readers search for and do not find: searches counted by their words, day by day, and
whether a result was opened. Words only, and only words: a query that looks like it holds an
address, a telephone number or some other number of the reader's is not kept at all."""

import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from plainly.pagecache import site_today
from plainly.readers.models import SearchCount

MAX_WORDS = 100
# An address, a long number (a telephone, a card, an order), a link: what a reader may type
# into a search box and must not be kept.
PERSONAL = re.compile(r"@|\d[\d\s\-/.]{4,}\d|https?:|www\.", re.IGNORECASE)


def words_of(query: str) -> str | None:
    """The words a search is counted by (lower-cased, single spaces), or None when it must not
    be kept."""
    printable = "".join(char if char.isprintable() else " " for char in query[: MAX_WORDS * 2])
    words = " ".join(printable.lower().split())[:MAX_WORDS].strip()
    if not words or PERSONAL.search(words):
        return None
    return words


def record_search(query: str, *, found: int) -> None:
    """Count one search for ``query``, which found ``found`` questions."""
    words = words_of(query)
    if words is None:
        return
    day = site_today()
    change = {"searches": F("searches") + 1, "empty": F("empty") + (0 if found else 1)}
    if SearchCount.objects.filter(words=words, day=day).update(**change):
        return
    try:
        with transaction.atomic():
            SearchCount.objects.create(words=words, day=day, searches=1, empty=0 if found else 1)
    except IntegrityError:  # another process counted the first meanwhile
        SearchCount.objects.filter(words=words, day=day).update(**change)


def record_opened(query: str) -> bool:
    """Count a result of today's search for ``query`` opened; whether there was such a search
    with a result left to open (a beacon can only count what the site counted)."""
    words = words_of(query)
    if words is None:
        return False
    opened = SearchCount.objects.filter(
        words=words, day=site_today(), opened__lt=F("searches") - F("empty")
    ).update(opened=F("opened") + 1)
    return bool(opened)


@dataclass(frozen=True)
class FailedSearch:
    words: str
    searches: int
    empty: int  # found nothing
    unopened: int  # found questions, none of them opened

    @property
    def failed(self) -> int:
        return self.empty + self.unopened


def failed_searches(days: int, *, limit: int) -> list[FailedSearch]:
    """The words readers searched for most in vain in the last ``days`` days: found nothing,
    or nothing they opened."""
    since = site_today() - datetime.timedelta(days=days - 1)
    totals = (
        SearchCount.objects.filter(day__gte=since)
        .values("words")
        .annotate(searches=Sum("searches"), empty=Sum("empty"), opened=Sum("opened"))
        .annotate(failed=F("searches") - F("opened"))
        .filter(failed__gt=0)
        .order_by("-failed", "words")[:limit]
    )
    return [
        FailedSearch(
            words=row["words"],
            searches=row["searches"],
            empty=row["empty"],
            unopened=row["searches"] - row["empty"] - row["opened"],
        )
        for row in totals
    ]
