"""Questions that resemble each other: related questions for readers, duplicates for editors.

The search backend finds candidates among titles (a title is what makes two questions alike,
and matching titles only keeps the candidates few on a large site); a plain word-overlap score
then ranks them, so the result reads the same on SQLite and PostgreSQL and can be compared
against a threshold.
"""

import logging
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connections
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.models import Page, Site
from wagtail.rich_text import get_text_for_indexing as words

from plainly import pagecache
from plainly.questions.models import PlainlyPageQuerySet, QuestionPage, live_questions, parent_path
from plainly.search.questions import STOPWORDS, search_questions

RELATED_LIMIT = 5
CANDIDATES = 20
SAME_TOPIC_BONUS = 0.15
DUPLICATE_THRESHOLD = 0.75
GENERATION_KEY = "search:related:generation"
KEPT_GENERATION = ("related generation",)
RELATED_TIMEOUT = 24 * 60 * 60
QUEUED_TIMEOUT = 10 * 60  # a ranking asked for and not done by then is asked for again

_WORD = re.compile(r"\w+")
logger = logging.getLogger(__name__)


def stem(word: str) -> str:
    """A crude English stem, enough to match "defect" with "defectors" and "brain" with "brains"."""
    for suffix in ("ions", "ion", "ers", "er", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def keywords(text: str) -> set[str]:
    return {stem(word) for word in _WORD.findall(text.lower()) if word not in STOPWORDS}


def similarity(first: str, second: str) -> float:
    """How much two texts share, from 0 (nothing) to 1 (the same words): the Dice coefficient."""
    a, b = keywords(first), keywords(second)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similar_questions(
    title: str, *, within: Page, exclude: int | None = None, limit: int = RELATED_LIMIT
) -> list[tuple[QuestionPage, float]]:
    """Published questions under ``within`` (a site's home page) whose titles resemble
    ``title``, most alike first, with their scores."""
    found = search_questions(title, within=within, titles_only=True, any_word=True)
    scored = [
        (question, similarity(title, question.title))
        for question in found[:CANDIDATES]
        if question.pk != exclude
    ]
    scored = [(question, score) for question, score in scored if score > 0]
    return sorted(scored, key=lambda pair: pair[1], reverse=True)[:limit]


def duplicate_pairs(
    threshold: float = DUPLICATE_THRESHOLD,
) -> list[tuple[QuestionPage, QuestionPage, float]]:
    """Pairs of published questions of one site that look like the same question asked twice."""
    pairs = {}
    for site in Site.objects.select_related("root_page"):
        home = site.root_page
        for question in QuestionPage.objects.published().descendant_of(home).only("pk", "title"):
            for other, score in similar_questions(question.title, within=home, exclude=question.pk):
                if score >= threshold:
                    first, second = sorted([question, other], key=lambda page: page.pk)
                    pairs[(first.pk, second.pk)] = (first, second, score)
    return sorted(pairs.values(), key=lambda pair: pair[2], reverse=True)


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def forget_related() -> None:
    """Publishing or unpublishing any question may change what is related to what."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)
    pagecache.forget_kept(KEPT_GENERATION)


def site_home_of(page: Page) -> Page | None:
    """The home page of the site ``page`` belongs to (the deepest site root above it)."""
    site = page.get_site()
    return site.root_page if site else None


def _rank_related(page: QuestionPage) -> list[int]:
    text = f"{page.title} {words(page.short_answer)}"
    home = site_home_of(page)
    found = search_questions(page.title, within=home, titles_only=True, any_word=True)
    candidates: dict[int, QuestionPage] = {
        question.pk: question for question in (found[:CANDIDATES] if home else [])
    }
    siblings = QuestionPage.objects.published().sibling_of(page, inclusive=False)
    candidates.update({question.pk: question for question in siblings.newest_first()[:CANDIDATES]})
    candidates.pop(page.pk, None)
    topic = parent_path(page)

    def score(question: QuestionPage) -> float:
        bonus = SAME_TOPIC_BONUS if parent_path(question) == topic else 0.0
        return similarity(text, f"{question.title} {words(question.short_answer)}") + bonus

    ranked = sorted(candidates.values(), key=score, reverse=True)
    return [question.pk for question in ranked[:RELATED_LIMIT]]


@dataclass(frozen=True)
class Link:
    title: str
    url: str


def related_questions(page: QuestionPage) -> list[Link]:
    """Up to five questions a reader of ``page`` may ask next: alike in words, or in topic.

    The links are kept in the cache until any question is published, unpublished, moved or
    deleted, or a page's privacy changes, so a page view costs no query for them. Ranking them
    against the whole site is left to the worker (on a large site it takes a while); until it
    has, readers see the newest questions of the same topic.
    """
    key = _related_key(page.pk)
    links = cache.get(key)
    if links is None:
        if isinstance(rank_related_each.get_backend(), ImmediateBackend):
            links = _rank_and_keep(page)  # no worker to leave it to (tests, one-off commands)
        else:
            asked.add(page.pk)
    if links is None:
        newest = pagecache.kept(("newest in topic", parent_path(page)), lambda: _newest(page))
        links = [link for pk, link in newest if pk != page.pk][:RELATED_LIMIT]
    return links


def _newest(page: QuestionPage) -> list[tuple[int, Link]]:
    # The same few for every question of a topic (one more, for the page among them), so each
    # process keeps them until the next purge: publishing, unpublishing, moving and retitling a
    # question all purge. At 100,000 pages the query takes tens of milliseconds on SQLite, most
    # of a first render when each question made it.
    # A topic holds only questions. Their order is read from the pages' own table: over the
    # questions', Django breaks ties by the questions' key, and SQLite then sorts the whole
    # topic instead of walking the publication index (25 ms against 3 ms at 100,000 pages).
    pages = PlainlyPageQuerySet(Page).published().sibling_of(page, inclusive=True)
    newest = pages.newest_first()[: RELATED_LIMIT + 1]
    ids = list(newest.values_list("pk", flat=True))
    # Without their bodies, which a link does not show (reading them took most of the time).
    questions = _in_order(live_questions(ids).values(), ids)
    return [
        (question.pk, link) for question, link in zip(questions, _links(questions), strict=True)
    ]


# How long the rankings first renders ask for wait in their process, to go to the worker
# together: asking for each took a write while its reader waited.
SEND_AFTER_SECONDS = 0.5


class Asked:
    """Rankings this process's renders asked for, sent to the worker in one task a batch, by a
    thread of the process, at most SEND_AFTER_SECONDS after the first of them."""

    def __init__(self):
        self.pending: set[int] = set()
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None
        # Tests whose data lives in their own open transaction send when they say (``send``).
        self.in_background = True
        os.register_at_fork(after_in_child=self._forked)

    def _forked(self) -> None:
        # Threads do not follow a fork: what the parent noted is its own to send.
        self.pending, self.lock, self.timer = set(), threading.Lock(), None

    def add(self, page_id: int) -> None:
        with self.lock:
            self.pending.add(page_id)
            if self.timer is None and self.in_background:
                self.timer = threading.Timer(SEND_AFTER_SECONDS, self._send_and_close)
                self.timer.daemon = True
                self.timer.start()

    def send(self) -> None:
        """Ask the worker for the rankings noted so far, those asked for in the last
        QUEUED_TIMEOUT (by any process) left out."""
        with self.lock:
            page_ids, self.pending, self.timer = sorted(self.pending), set(), None
        new = [
            pk for pk in page_ids if cache.add(f"{_related_key(pk)}:queued", True, QUEUED_TIMEOUT)
        ]
        if new:
            rank_related_each.enqueue(new)

    def _send_and_close(self) -> None:
        try:
            self.send()
        except Exception:  # asked for again by the next render of each page
            logger.warning("Could not ask the worker for related questions", exc_info=True)
        finally:
            connections.close_all()  # this thread's own, as a request's would be


asked = Asked()


@task(backend="background", queue_name="related")
def rank_related_each(page_ids: list[int]) -> None:
    """Rank the related questions of these questions, keep them, and refresh their pages."""
    for page_id in page_ids:
        _rank_related_of(page_id)


@task(backend="background", queue_name="related")
def rank_related(page_id: int) -> None:
    """Rank the related questions of one question (as earlier releases asked for them)."""
    _rank_related_of(page_id)


def _rank_related_of(page_id: int) -> None:
    page = QuestionPage.objects.published().filter(pk=page_id).first()
    if page is not None:
        _rank_and_keep(page)
        pagecache.refresh(pagecache.own_path(page))


def _rank_and_keep(page: QuestionPage) -> list[Link]:
    ids = _rank_related(page)
    questions = _in_order(QuestionPage.objects.published().filter(pk__in=ids), ids)
    links = _links(questions)
    cache.set(_related_key(page.pk), links, timeout=RELATED_TIMEOUT)
    for question in questions:
        _remember_shown_on(question.pk, page.pk)
    return links


def pages_showing(question: QuestionPage) -> QuestionPage:
    """The published questions whose related questions may list ``question``: those whose
    ranked list did, and, while ``question`` is among its topic's newest, the rest of its topic
    (shown the newest until theirs are ranked)."""
    ids = set(cache.get(_shown_on_key(question.pk), ()))
    siblings = QuestionPage.objects.published().sibling_of(question, inclusive=False)
    if question.first_published_at is not None:
        newer = siblings.filter(first_published_at__gt=question.first_published_at)
        if newer.count() < RELATED_LIMIT:
            ids.update(siblings.values_list("pk", flat=True))
    return QuestionPage.objects.published().filter(pk__in=ids).exclude(pk=question.pk)


def _remember_shown_on(question_id: int, page_id: int) -> None:
    # Kept as long as the lists; two rankings at once may each keep only their own page, which
    # then shows the question until its own list is next ranked.
    key = _shown_on_key(question_id)
    shown_on = set(cache.get(key, ()))
    if page_id not in shown_on:
        cache.set(key, shown_on | {page_id}, timeout=RELATED_TIMEOUT)


def _shown_on_key(question_id: int) -> str:
    return f"search:related:shown-on:{question_id}"


def _links(questions: Iterable[QuestionPage]) -> list[Link]:
    return [Link(title=question.title, url=question.get_url()) for question in questions]


def _related_key(page_id: int) -> str:
    # The generation changes with what purges whole pages (publishing, unpublishing, moving a
    # question, a page's privacy), so each process keeps it until it hears of the next such
    # purge instead of asking the cache on each render.
    return f"search:related:{pagecache.kept(KEPT_GENERATION, _generation)}:{page_id}"


def _in_order(questions: Iterable[QuestionPage], ids: list[int]) -> list[QuestionPage]:
    by_id = {question.pk: question for question in questions}
    return [by_id[pk] for pk in ids if pk in by_id]
