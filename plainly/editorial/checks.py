"""The checks of the facts pages show: figures gone stale, and figures that contradict a fact
(on a page, in its latest draft too, or between two facts of the same measure and date), and
figures in published words that no fact backs. One list of findings serves the admin's
report, the dashboard and ``plainly check-facts``.
"""

import datetime
from dataclasses import dataclass

from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.utils.text import Truncator
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from plainly.editorial.models import EditorialSettings
from plainly.editorial.quantities import Figure, Measures, fact_figure, figures_in, sentences
from plainly.facts.formatting import format_fact
from plainly.facts.models import Fact, Qualifier, Status, shown_by_id
from plainly.facts.rich_text import STORED_FACT, fact_ids_in
from plainly.questions.figures import FACT_PLACEHOLDER, fact_ids_on, pages_showing
from plainly.questions.models import QuestionPage


@dataclass(frozen=True)
class Finding:
    kind: str  # "stale", "contradiction", "unsourced" or "missing"
    fact: Fact | None
    reason: str
    pages: tuple[Page, ...]
    sentence: str = ""  # for a figure in a page's text: the sentence
    stated: Figure | None = None  # for an unsourced figure: the figure

    @property
    def figure(self) -> str:
        if self.fact is not None:
            return format_fact(self.fact, with_date=True)
        return self.stated.text if self.stated is not None else "no figure"

    @property
    def subject(self) -> str:
        return self.fact.measure if self.fact else self.pages[0].title

    @property
    def new_fact_query(self) -> str:
        """The query string of a new fact's form, filled in from an unsourced figure."""
        if self.stated is None:
            return ""
        figure = self.stated
        qualifier = Qualifier.ABOUT if figure.qualifier == "nearly" else figure.qualifier
        return urlencode(
            {
                "kind": figure.kind,
                "qualifier": qualifier,
                "value": f"{figure.value.normalize():f}",
                "currency": figure.currency,
                "unit": figure.unit,
                "note": f"From “{self.sentence}” ({self.pages[0].title}).",
            }
        )


def current_facts() -> list[Fact]:
    """The facts pages may show: published and not superseded."""
    return list(Fact.objects.filter(live=True, status=Status.CURRENT).order_by("measure", "pk"))


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier (or the month's last day, if it has fewer)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, last)
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def stale_reason(fact: Fact, *, today: datetime.date, policy: EditorialSettings) -> str | None:
    """Why ``fact`` is due for checking, or None if it is not. A "check again after" date, where
    an editor set one, decides; otherwise the figure's age does."""
    if fact.check_after:
        if fact.check_after < today:
            return f"To be checked again after {dateformat.format(fact.check_after, 'j F Y')}."
        return None
    months = fact.stale_after_months or policy.stale_after_months(fact.kind)
    if fact.as_of < months_before(today, months):
        return f"Older than the {months} months a figure may grow before it is checked."
    return None


def stale_facts(today: datetime.date | None = None) -> list[Finding]:
    """Published, current facts due for checking, oldest first, each with the pages showing it."""
    today = today or timezone.localdate()
    policy = EditorialSettings.load()
    found = []
    for fact in Fact.objects.filter(live=True, status=Status.CURRENT).order_by("as_of", "pk"):
        reason = stale_reason(fact, today=today, policy=policy)
        if reason:
            found.append(Finding("stale", fact, reason, tuple(pages_showing(fact))))
    return found


def page_text(page: QuestionPage) -> str:
    """What a question says in words, as sentences: its short answer, its key facts not bound to
    a fact, its body's paragraphs (a fact in them left out: it is its own figure) and its FAQ."""
    return text_of(
        page.short_answer,
        [item.text for item in page.key_facts.all()],
        page.body,
        [(item.question, item.answer) for item in page.faq_items.all()],
    )


def text_of(short_answer: str, key_facts: list[str], body, faq: list[tuple[str, str]]) -> str:
    """A question's words from its parts, as ``page_text`` reads them from a page (and the page
    editor's form from what it was sent)."""
    parts = [words_of(short_answer)]
    parts += [text for text in key_facts if FACT_PLACEHOLDER not in text]
    for block in body:
        if block.block_type == "paragraph":
            parts.append(words_of(block.value.source))
        elif block.block_type == "quote":
            parts.append(block.value["text"])
    for question, answer in faq:
        parts += [question, words_of(answer)]
    return "\n".join(
        part if part.endswith(("!", "?", ".")) else f"{part}."
        for part in (part.strip() for part in parts)
        if part
    )


def words_of(rich_text: str) -> str:
    """Rich text's words, each fact in it left out: it is its own figure."""
    return " ".join(get_text_for_indexing(STORED_FACT.sub("", rich_text)).split())


def as_it_will_be(question: QuestionPage) -> QuestionPage:
    """The question as its latest revision has it: what the editor is about to publish."""
    if question.has_unpublished_changes:
        return question.get_latest_revision_as_object()
    return question


def contradictions_in(question: QuestionPage, page, facts: list[Fact]) -> list[Finding]:
    """Figures in ``page``'s words (``question`` as saved, or as drafted) that name a fact's
    measure with a value the fact rules out."""
    return contradictions_in_text(question, page_text(page), facts)


def contradictions_in_text(
    question: QuestionPage, text: str, facts: list[Fact] | Measures
) -> list[Finding]:
    measures = facts if isinstance(facts, Measures) else Measures(facts)
    found = []
    for mention in measures.mentions_in(text):
        if mention.contradicts:
            fact = mention.fact
            reason = f"The page says “{mention.figure.text}”; the fact says “{format_fact(fact)}”."
            found.append(Finding("contradiction", fact, reason, (question,), mention.sentence))
    return found


def unsourced_in(question: QuestionPage, page) -> list[Finding]:
    """Figures in ``page``'s words that no fact backs: each is a figure a reader must take on
    trust, and may go stale unseen. A small number in words ("the two Koreas") is left out unless
    qualified ("fewer than five"): it is a count, rarely a figure needing a source."""
    return unsourced_in_text(question, page_text(page))


def unsourced_in_text(question: QuestionPage, text: str) -> list[Finding]:
    return [
        Finding(
            "unsourced",
            None,
            f"“{figure.text}” is bound to no fact.",
            (question,),
            sentence,
            figure,
        )
        for sentence in sentences(text)
        for figure in figures_in(sentence)
        if figure.qualifier != Qualifier.EXACTLY or any(c.isdigit() for c in figure.text)
    ]


def findings_for_page(question: QuestionPage, today: datetime.date | None = None) -> list[Finding]:
    """What the page editor shows before publishing: the stale facts the page shows, and the
    contradictions and unsourced figures in its latest revision."""
    today = today or timezone.localdate()
    page = as_it_will_be(question)
    shown = shown_by_id(
        fact_ids_on(
            list(page.key_facts.all()), page.body, list(page.faq_items.all()), page.short_answer
        )
    )
    policy = EditorialSettings.load()
    stale = [
        Finding("stale", fact, reason, (question,))
        for fact in shown.values()
        if (reason := stale_reason(fact, today=today, policy=policy))
    ]
    facts = current_facts()
    return [
        *stale,
        *missing_facts_in(question, page),
        *contradictions_in(question, page, facts),
        *unsourced_in(question, page),
    ]


def contradictions_between_facts(facts: list[Fact]) -> list[Finding]:
    """Facts of the same measure, true as of the same year, whose figures cannot both hold."""
    found = []
    for index, fact in enumerate(facts):
        for other in facts[index + 1 :]:
            same = fact.measure_key == other.measure_key and fact.as_of.year == other.as_of.year
            if same and not fact_figure(fact).agrees_with(fact_figure(other)):
                reason = f"Another fact of the same measure and year says “{format_fact(other)}”."
                found.append(Finding("contradiction", fact, reason, tuple(pages_showing(fact))))
    return found


def missing_facts_in(
    question: QuestionPage, page, live_facts: set[int] | None = None
) -> list[Finding]:
    """Places in ``page`` (``question`` as published, or as drafted) that name a fact no longer
    there or not published, as old revisions and imported text can: readers see no figure
    there, and the editor should choose another fact or write the figure. ``live_facts``, the
    ids of every published fact, spares a query when many pages are read."""
    key_facts, faq = list(page.key_facts.all()), list(page.faq_items.all())
    if live_facts is None:
        live_facts = set(shown_by_id(fact_ids_on(key_facts, page.body, faq, page.short_answer)))
    shown = live_facts

    def missing(where: str, ids: set[int], text: str) -> list[Finding]:
        return [
            Finding(
                "missing",
                None,
                f"{where} names fact #{fact_id}, which is missing or unpublished: readers see "
                "no figure there.",
                (question,),
                Truncator(text).words(30),
            )
            for fact_id in sorted(ids - shown)
        ]

    found = missing("The short answer", fact_ids_in(page.short_answer), words_of(page.short_answer))
    for item in key_facts:
        if FACT_PLACEHOLDER in item.text and (item.fact_id is None or item.fact_id not in shown):
            reason = "A key fact's fact is missing or unpublished: the item is left out."
            found.append(Finding("missing", None, reason, (question,), item.text))
    for block in page.body:
        if block.block_type == "paragraph":
            html = block.value.source
            found += missing("A paragraph", fact_ids_in(html), words_of(html))
    for item in faq:
        found += missing(
            f"The answer to “{item.question}”", fact_ids_in(item.answer), item.question
        )
    return found


def findings_on_pages(facts: list[Fact]) -> list[Finding]:
    """What every question's words say wrong, read in one pass (the key facts and FAQ of a
    thousand pages at a time): facts that are missing and unsourced figures in published pages,
    and contradictions in every question as its latest revision has it."""
    live_facts = set(Fact.objects.filter(live=True).values_list("pk", flat=True))
    measures = Measures(facts)
    missing, contradictions, unsourced = [], [], []
    questions = QuestionPage.objects.order_by("path").prefetch_related("key_facts", "faq_items")
    for question in questions.iterator(chunk_size=1000):
        published_text = page_text(question) if question.live else None
        if question.live:
            missing += missing_facts_in(question, question, live_facts)
            unsourced += unsourced_in_text(question, published_text)
        if question.has_unpublished_changes or published_text is None:
            text = page_text(as_it_will_be(question))
        else:
            text = published_text
        contradictions += contradictions_in_text(question, text, measures)
    return [*missing, *contradictions, *unsourced]


def all_findings(today: datetime.date | None = None) -> list[Finding]:
    facts = current_facts()
    on_pages = findings_on_pages(facts)
    missing = [finding for finding in on_pages if finding.kind == "missing"]
    return [
        *stale_facts(today),
        *missing,
        *contradictions_between_facts(facts),
        *(finding for finding in on_pages if finding.kind != "missing"),
    ]
