"""Build pages for tests the way an editor would: added under a parent, saved as a revision."""

import datetime
import itertools

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from plainly.questions.blocks import ANSWER_FEATURES, SHORT_ANSWER_FEATURES
from plainly.questions.models import (
    FAQItem,
    HomePage,
    KeyFact,
    PlainPage,
    QuestionPage,
    Source,
    TopicPage,
)

_numbers = itertools.count(1)


def home_page() -> HomePage:
    return Site.objects.get(is_default_site=True).root_page.specific


def make_topic(*, title: str | None = None, parent: HomePage | None = None) -> TopicPage:
    title = title or f"Topic {next(_numbers)}"
    topic = TopicPage(title=title, intro=f"Questions about {title.lower()}.")
    (parent or home_page()).add_child(instance=topic)
    topic.save_revision().publish()
    return topic


def make_plain_page(
    title: str, *, body: str = "<p>What this page says.</p>", parent: HomePage | None = None
) -> PlainPage:
    page = PlainPage(title=title, body=body)
    (parent or home_page()).add_child(instance=page)
    page.save_revision().publish()
    return page


def make_question(
    topic: TopicPage,
    *,
    title: str | None = None,
    faq: int = 3,
    facts: int = 3,
    sources: int = 2,
    publish: bool = True,
    **fields,
) -> QuestionPage:
    number = next(_numbers)
    question = QuestionPage(
        title=title or f"Question number {number}?",
        short_answer=fields.pop("short_answer", f"<p>The short answer to question {number}.</p>"),
        byline=fields.pop("byline", "Test Writer"),
        last_reviewed=fields.pop("last_reviewed", datetime.date(2026, 11, 1)),
        body=fields.pop(
            "body",
            [
                {"type": "paragraph", "value": f"<p>The body of question {number}.</p>"},
                {"type": "heading", "value": "A subheading"},
                {"type": "quote", "value": {"text": "A quotation.", "attribution": "Someone"}},
            ],
        ),
        key_facts_heading=fields.pop("key_facts_heading", "More about this" if facts else ""),
        key_facts=fields.pop(
            "key_facts", [KeyFact(text=f"Key fact {n}.", sort_order=n) for n in range(1, facts + 1)]
        ),
        faq_items=fields.pop(
            "faq_items",
            [
                FAQItem(
                    question=f"FAQ question {n}?", answer=f"<p>FAQ answer {n}.</p>", sort_order=n
                )
                for n in range(1, faq + 1)
            ],
        ),
        sources=[
            Source(
                sort_order=n,
                title=f"Source {n}",
                publisher="Publisher",
                url=f"https://example.org/source-{n}",
                accessed=datetime.date(2026, 10, 1),
            )
            for n in range(1, sources + 1)
        ],
        live=False,
        **fields,
    )
    topic.add_child(instance=question)
    revision = question.save_revision()
    if publish:
        revision.publish()
    return question


def short_answer(text: str) -> str:
    """A short answer as the page editor's Draftail sends it."""
    return rich_text(f"<p>{text}</p>" if text else "", features=SHORT_ANSWER_FEATURES)


def answer(html: str) -> str:
    """An FAQ answer as the page editor's Draftail sends it."""
    return rich_text(html, features=ANSWER_FEATURES)


def question_form(**overrides) -> dict:
    """A new question as the admin's editor sends it."""
    data = {
        "title": "How long is the Korean border?",
        "slug": "how-long-is-the-korean-border",
        "short_answer": short_answer("About 250 kilometres from coast to coast."),
        "byline": "Erin Editor",
        "last_reviewed": "2026-11-20",
        "discussion_mode": "open",
        "body": streamfield(
            [
                ("heading", "Coast to coast"),
                ("paragraph", rich_text("<p>The line runs across the whole peninsula.</p>")),
            ]
        ),
        "key_facts_heading": "More about the border",
        "key_facts": inline_formset([{"text": "It is about 4 km wide."}]),
        "faq_items": inline_formset(
            [
                {"question": "First question?", "answer": answer("First answer.")},
                {"question": "Second question?", "answer": answer("Second answer.")},
                {"question": "Third question?", "answer": answer("Third answer.")},
            ]
        ),
        "sources": inline_formset(
            [{"title": "An atlas", "publisher": "", "url": "", "accessed": ""}]
        ),
        "corrections": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def make_image(title: str, *, description: str = ""):
    """An image in the library, as uploaded: ``title`` is what Wagtail makes of its file name."""
    image = get_image_model()(title=title, description=description)
    image.file = get_test_image_file(filename=f"{title}.png")
    image.save()
    return image
