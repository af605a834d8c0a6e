"""A read-only JSON API of published questions and topics, described by its own OpenAPI document.

Built with django-ninja: typed schemas give an exact OpenAPI document and validated parameters,
and Wagtail 8 already depends on it. Only published pages and their public fields are exposed.
"""

import datetime
import math
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import NinjaAPI, Path, Query, Schema, Status
from pydantic import Field

from plainly.facts.formatting import format_fact
from plainly.facts.models import Fact, shown_by_id
from plainly.facts.rich_text import rendered_with_figures, text_with_figures
from plainly.questions.figures import fact_ids_on, key_fact_text, summary_of, with_summaries
from plainly.questions.models import QuestionPage, TopicPage, with_topics
from plainly.search.questions import clean_query, search_questions
from plainly.serving.request_site import site_home

PER_PAGE = 20
MAX_PAGE = 10_000

api = NinjaAPI(
    title="Plainly read API",
    version="1",
    description="Published questions and topics, read-only.",
    urls_namespace="api",
)


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


class NotFound(Schema):
    detail: str


class TopicRef(Schema):
    id: int
    title: str
    slug: str
    url: str


class Topic(TopicRef):
    intro: str


class QuestionSummary(Schema):
    id: int
    title: str
    slug: str
    url: str
    short_answer: str
    last_reviewed: datetime.date
    published_at: datetime.datetime | None
    topic: TopicRef | None


class FAQItem(Schema):
    question: str
    answer: str = Field(description="The answer in words, its facts' figures as they are now.")
    answer_html: str = Field(description="The answer as HTML, as the page shows it.")


class Source(Schema):
    title: str
    publisher: str
    url: str
    accessed: datetime.date | None


class FactSchema(Schema):
    measure: str = Field(description="What the figure measures.")
    shown_as: str = Field(description="The figure as the page writes it, e.g. “more than 33,000”.")
    value: Decimal
    low: Decimal | None = Field(description="The low end of its range, if it has one.")
    high: Decimal | None
    unit: str = Field(description="For a measurement: km, %, years...")
    currency: str = Field(description="For money: its ISO 4217 code.")
    qualifier: str = Field(
        description="exactly, about, more_than, fewer_than, at_least, up_to or between."
    )
    as_of: datetime.date = Field(description="The date the figure is true as of...")
    as_of_precision: str = Field(description="...known to the year, month or day.")
    source: Source
    archive_url: str


class BodyBlock(Schema):
    type: str = Field(description="paragraph, heading, image or quote.")
    id: str | None
    value: Any = Field(
        description="A paragraph's rich text as stored (Wagtail's format), a heading's text, an "
        "image's id, alt text and caption, or a quote's text and attribution."
    )


class QuestionDetail(QuestionSummary):
    byline: str
    body_html: str = Field(description="The answer's body, as HTML, as the page shows it.")
    body: list[BodyBlock] = Field(description="The body's blocks, in order.")
    key_facts_heading: str
    key_facts: list[str] = Field(description="Each key fact as a sentence, its figures in place.")
    facts: list[FactSchema] = Field(description="The sourced, dated figures the page shows.")
    faq: list[FAQItem]
    sources: list[Source]
    comments: int = Field(description="The comments readers can read, replies included.")


class QuestionList(Schema):
    count: int
    page: int
    pages: int
    results: list[QuestionSummary]


class ListFilters(Schema):
    topic: str | None = Field(None, max_length=255, description="A topic's slug.")
    q: str | None = Field(None, max_length=1000, description="Words to search for.")
    page: int = Field(1, ge=1, le=MAX_PAGE)


def topic_ref(topic: TopicPage | None) -> dict | None:
    if topic is None:
        return None
    return {"id": topic.pk, "title": topic.title, "slug": topic.slug, "url": topic.full_url}


def summary(question: QuestionPage) -> dict:
    return {
        "id": question.pk,
        "title": question.title,
        "slug": question.slug,
        "url": question.full_url,
        "short_answer": question.summary,
        "last_reviewed": question.last_reviewed,
        "published_at": question.first_published_at,
        "topic": topic_ref(question.topic),
    }


@api.get(
    "/questions/",
    response={200: QuestionList, 422: ValidationErrors},
    summary="List or search published questions",
)
def list_questions(request: HttpRequest, filters: Query[ListFilters]):
    query = clean_query(filters.q or "")
    home = site_home(request)
    topic = None
    if filters.topic:
        topic = TopicPage.objects.published().child_of(home).filter(slug=filters.topic).first()
    if filters.topic and topic is None:
        questions = QuestionPage.objects.none()
    elif query:
        questions = search_questions(query, within=topic or home)
    else:
        questions = QuestionPage.objects.published().descendant_of(topic or home).newest_first()
    paginator = Paginator(questions, PER_PAGE)
    # A page past the end is an empty page, not an error.
    page = paginator.page(filters.page) if filters.page <= paginator.num_pages else None
    results = with_summaries(with_topics(page.object_list)) if page else []
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": max(1, math.ceil(paginator.count / PER_PAGE)),
        "results": [summary(question) for question in results],
    }


def fact_json(fact: Fact) -> dict:
    return {
        "measure": fact.measure,
        "shown_as": format_fact(fact),
        "value": fact.value,
        "low": fact.low,
        "high": fact.high,
        "unit": fact.unit,
        "currency": fact.currency,
        "qualifier": fact.qualifier,
        "as_of": fact.as_of,
        "as_of_precision": fact.as_of_precision,
        "source": {
            "title": fact.source_title,
            "publisher": fact.source_publisher,
            "url": fact.source_url,
            "accessed": fact.source_accessed,
        },
        "archive_url": fact.archive_url,
    }


@api.get(
    "/questions/{question_id}/",
    response={200: QuestionDetail, 404: NotFound, 422: ValidationErrors},
    summary="One published question: its body, key facts, FAQ, sources and comment count",
)
def get_question(request: HttpRequest, question_id: int = Path(..., ge=1, le=2**31 - 1)):
    questions = QuestionPage.objects.published().descendant_of(site_home(request))
    question = questions.filter(pk=question_id).first()
    if question is None:
        return Status(404, {"detail": "No published question has this id."})
    key_facts = list(question.key_facts.all())
    faq_items = list(question.faq_items.all())
    facts = shown_by_id(fact_ids_on(key_facts, question.body, faq_items, question.short_answer))
    question.summary = summary_of(question.short_answer, facts)
    return Status(
        200,
        {
            **summary(question),
            "byline": question.byline,
            "body_html": question.body.render_as_block(context={"shown_facts": facts}),
            "body": question.body.stream_block.get_api_representation(question.body),
            "key_facts_heading": question.key_facts_heading,
            "key_facts": [
                text for item in key_facts if (text := key_fact_text(item, facts)) is not None
            ],
            "facts": [fact_json(fact) for fact in facts.values()],
            "faq": [
                {
                    "question": item.question,
                    "answer": text_with_figures(item.answer, facts),
                    "answer_html": rendered_with_figures(item.answer, facts),
                }
                for item in faq_items
            ],
            "sources": [
                {"title": s.title, "publisher": s.publisher, "url": s.url, "accessed": s.accessed}
                for s in question.sources.all()
            ],
            # Counted as the discussion counts them, through the question's relation to them.
            "comments": question.comments.counted().count(),
        },
    )


@api.get("/topics/", response=list[Topic], summary="All published topics")
def list_topics(request: HttpRequest):
    return [
        {**topic_ref(topic), "intro": topic.intro}
        for topic in TopicPage.objects.published().child_of(site_home(request)).order_by("title")
    ]
