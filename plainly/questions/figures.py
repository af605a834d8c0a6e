"""Facts as a question page shows them: key facts' sentences with their figures, and the facts'
sources in the page's list of sources.

Each figure comes from the one formatting function, with the date it is true as of, linked to
its source. A fact that is missing or unpublished is left out rather than shown wrong.
"""

import datetime
from dataclasses import dataclass
from typing import Protocol

from django.contrib.contenttypes.models import ContentType
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from wagtail.models import Page, ReferenceIndex

from plainly.facts.formatting import as_of_phrase, format_fact
from plainly.facts.models import MAX_SUCCESSION, Fact, shown_by_id
from plainly.facts.rich_text import fact_ids_in, figure_html, text_with_figures

# Where a key fact's sentence shows its fact's figure.
FACT_PLACEHOLDER = "{fact}"
ENDINGS = ".!?"


class KeyFactLike(Protocol):
    text: str
    fact_id: int | None


class SourceLike(Protocol):
    title: str
    publisher: str
    url: str
    accessed: datetime.date | None


@dataclass(frozen=True)
class FactSource:
    """A fact's source, listed among the page's sources as one of them."""

    title: str
    publisher: str
    url: str
    accessed: datetime.date | None


class FAQItemLike(Protocol):
    question: str
    answer: str


def fact_ids_on(
    key_facts: list[KeyFactLike], body, faq_items: list[FAQItemLike], short_answer: str = ""
) -> set[int]:
    """The ids of the facts a question shows: in its short answer, its key facts, its body's
    paragraphs and its FAQ's answers."""
    ids = fact_ids_in(short_answer) | {item.fact_id for item in key_facts if item.fact_id}
    for block in body:
        if block.block_type == "paragraph":
            ids |= fact_ids_in(block.value.source)
    for item in faq_items:
        ids |= fact_ids_in(item.answer)
    return ids


def pages_showing(fact: Fact) -> list[Page]:
    """The live pages that may show ``fact`` or stand in for it: those bound to it, to a fact it
    supersedes, or to another fact measuring the same thing (a newer one replaces it there). Read
    from Wagtail's reference index, which saving a page keeps."""
    related = set(Fact.objects.filter(measure_key=fact.measure_key).values_list("pk", flat=True))
    related.add(fact.pk)
    for _ in range(MAX_SUCCESSION):
        earlier = set(Fact.objects.filter(superseded_by__in=related).values_list("pk", flat=True))
        if earlier <= related:
            break
        related |= earlier
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Fact),
        to_object_id__in=[str(pk) for pk in related],
        base_content_type=ContentType.objects.get_for_model(Page),
    )
    page_ids = {int(pk) for pk in references.values_list("object_id", flat=True)}
    return list(Page.objects.live().filter(pk__in=page_ids))


def summary_of(short_answer: str, shown: dict[int, Fact]) -> str:
    """A short answer in words, each fact's figure as it is now."""
    return " ".join(text_with_figures(short_answer, shown).split())


def with_summaries(questions: list) -> list:
    """``questions``, each with its ``summary`` filled in from one read of their facts (those
    that have one already, as kept questions do, keep it)."""
    missing = [question for question in questions if "summary" not in question.__dict__]
    shown = shown_by_id(set().union(*(fact_ids_in(q.short_answer) for q in missing)))
    for question in missing:
        question.summary = summary_of(question.short_answer, shown)
    return questions


def key_fact_html(item: KeyFactLike, shown: dict[int, Fact]) -> SafeString | None:
    """A key fact's sentence, its figure in place and its date at the end; None when its fact is
    missing or unpublished (the item is left out rather than shown without its figure)."""
    if not item.fact_id:
        return None if FACT_PLACEHOLDER in item.text else conditional_escape(item.text)
    if (parts := _sentence(item, shown)) is None:
        return None
    before, fact, after, ending = parts
    shown_figure = figure_html(fact, capitalised=not before.strip())
    return format_html("{}{}{} {}{}", before, shown_figure, after, as_of_phrase(fact), ending)


def key_fact_text(item: KeyFactLike, shown: dict[int, Fact]) -> str | None:
    """The same sentence as plain text, for machines."""
    if not item.fact_id:
        return None if FACT_PLACEHOLDER in item.text else item.text
    if (parts := _sentence(item, shown)) is None:
        return None
    before, fact, after, ending = parts
    text = capfirst(format_fact(fact)) if not before.strip() else format_fact(fact)
    return f"{before}{text}{after} {as_of_phrase(fact)}{ending}"


def _sentence(item: KeyFactLike, shown: dict[int, Fact]):
    fact = shown.get(item.fact_id)
    if fact is None:
        return None
    before, _, after = item.text.partition(FACT_PLACEHOLDER)
    ending = after[-1] if after and after[-1] in ENDINGS else ""
    return before, fact, after[: len(after) - len(ending)], ending


def key_facts_html(items: list[KeyFactLike], shown: dict[int, Fact]) -> list[SafeString]:
    return [html for item in items if (html := key_fact_html(item, shown)) is not None]


def with_fact_sources(sources: list[SourceLike], facts: list[Fact]) -> list[SourceLike]:
    """The page's sources, then each fact's source not among them (matched by address, else by
    title), once, with the date it was read."""
    listed = {_source_key(source.url, source.title) for source in sources}
    added = []
    for fact in facts:
        key = _source_key(fact.source_url, fact.source_title)
        if key in listed:
            continue
        listed.add(key)
        added.append(
            FactSource(
                title=fact.source_title,
                publisher=fact.source_publisher,
                url=fact.source_url,
                accessed=fact.source_accessed,
            )
        )
    return [*sources, *added]


def _source_key(url: str, title: str) -> str:
    return url.strip().rstrip("/").casefold() if url else " ".join(title.casefold().split())
