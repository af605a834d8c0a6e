"""What readers' reads tell editors: the questions read most over a day, a week or a month."""

from dataclasses import dataclass

from django.core.cache import cache
from wagtail.models import Page, Site

from plainly.pagecache import most_read
from plainly.questions.models import QuestionPage, with_topics

# The periods editors may look back over, in days.
PERIODS = {"day": 1, "week": 7, "month": 30}
# Paths ranked, for each question asked for, before the questions among them are found; at
# most MOST_LOOKED_AT.
LOOKED_AT = 4
MOST_LOOKED_AT = 5000
# How long the public "Most read this week" keeps its list: it is one aggregate over a week of
# counts, and a week's ranking barely moves in minutes.
SHOWN_LIST_SECONDS = 600


@dataclass(frozen=True)
class Read:
    question: QuestionPage
    reads: int


def most_read_questions(
    days: int, *, limit: int, within: Page | None = None, published_only: bool = False
) -> list[Read]:
    """The questions read most in the last ``days`` days, with their reads, most first: the
    default site's (reads are counted by path), or only those under ``within``."""
    site = (
        within.get_site()
        if within is not None
        else Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return []
    root = site.root_page.url_path  # "/home/": a page's path on the site follows it
    under = within.url_path[len(root) - 1 :] if within is not None else ""
    looked_at = limit * LOOKED_AT
    while True:
        # Home, topic and other pages are read too: more paths are ranked until enough of
        # them are questions, or there are no more.
        ranked = most_read(days, limit=looked_at, under=under)
        by_url_path = {root[:-1] + path: reads for path, reads in ranked}
        questions = QuestionPage.objects.filter(url_path__in=by_url_path).live()
        if published_only:
            questions = questions.public()
        found = sorted(
            (Read(q, by_url_path[q.url_path]) for q in with_topics(questions)),
            key=lambda read: (-read.reads, read.question.title),
        )
        if len(found) >= limit or len(ranked) < looked_at or looked_at >= MOST_LOOKED_AT:
            return found[:limit]
        looked_at *= 4


def most_read_this_week(within: Page, *, limit: int = 5) -> list[QuestionPage]:
    """The published questions under ``within`` (a home or topic page) read most this week, for
    its readers; kept a few minutes."""
    key = f"readers:most-read-week:{within.pk}:{limit}"
    pks = cache.get(key)
    if pks is None:
        shown = most_read_questions(
            PERIODS["week"], limit=limit, within=within, published_only=True
        )
        pks = [read.question.pk for read in shown]
        cache.set(key, pks, SHOWN_LIST_SECONDS)
    if not pks:
        return []
    # Read again, live and public: a question withdrawn since leaves the list at once.
    questions = {q.pk: q for q in QuestionPage.objects.published().filter(pk__in=pks)}
    return [questions[pk] for pk in pks if pk in questions]
