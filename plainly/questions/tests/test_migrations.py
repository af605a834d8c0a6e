"""Data migrations leave existing sites as readers and editors expect them."""

import json
from importlib import import_module

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db

numbering = import_module("plainly.questions.migrations.0005_number_key_facts_faq_and_sources")


def test_unnumbered_facts_faq_and_sources_are_numbered_in_the_order_shown(topic):
    page = make_question(topic, facts=3, faq=3, sources=2)
    page.key_facts.update(sort_order=None)
    page.faq_items.update(sort_order=None)
    page.sources.update(sort_order=None)
    revision = page.get_latest_revision()
    for key in ("key_facts", "faq_items", "sources"):
        for item in revision.content[key]:
            item["sort_order"] = None
    revision.save(update_fields=["content"])
    shown = [fact.text for fact in page.key_facts.all()]

    numbering.number_rows(apps, None)

    page = QuestionPage.objects.get(pk=page.pk)
    for rows in (page.key_facts.all(), page.faq_items.all(), page.sources.all()):
        assert [row.sort_order for row in rows] == list(range(len(rows)))
    assert [fact.text for fact in page.key_facts.all()] == shown
    latest = page.get_latest_revision().as_object()
    assert [fact.sort_order for fact in latest.key_facts.all()] == [0, 1, 2]
    assert [item.sort_order for item in latest.faq_items.all()] == [0, 1, 2]


keying = import_module("plainly.questions.migrations.0007_key_rich_text_blocks")


def test_unkeyed_paragraphs_are_keyed_alike_in_the_page_and_its_revisions(topic):
    page = make_question(topic)
    unkeyed = [{"type": "paragraph", "value": "<p>Written before keys.</p>", "id": "a1"}]
    QuestionPage.objects.filter(pk=page.pk).update(body=unkeyed)
    revision = page.get_latest_revision()
    revision.content["body"] = json.dumps(unkeyed)
    revision.save(update_fields=["content"])

    keying.key_paragraphs(apps, None)

    page = QuestionPage.objects.get(pk=page.pk)
    live = page.body[0].value.source
    latest = page.get_latest_revision().as_object().body[0].value.source
    assert live.startswith('<p data-block-key="')
    assert live.endswith(">Written before keys.</p>")
    assert latest == live


faq_rich_text = import_module("plainly.questions.migrations.0012_faq_answers_hold_facts")


def test_plain_faq_answers_become_the_paragraphs_readers_saw_in_page_and_revisions(topic):
    page = make_question(topic, faq=1)
    plain = "Fewer than five, & all before 1990.\n\nSome went back."
    page.faq_items.update(answer=plain)
    revision = page.get_latest_revision()
    revision.content["faq_items"][0]["answer"] = plain
    revision.save(update_fields=["content"])

    faq_rich_text.convert(apps, faq_rich_text.AsRichText())

    page = QuestionPage.objects.get(pk=page.pk)
    live = page.faq_items.get().answer
    latest = page.get_latest_revision().as_object().faq_items.all()[0].answer
    assert live == latest  # the same keys: History sees no change
    assert [p.get_text() for p in BeautifulSoup(live, "html.parser").select("p")] == [
        "Fewer than five, & all before 1990.",
        "Some went back.",
    ]
    assert 'data-block-key="' in live
    faq_rich_text.convert(apps, faq_rich_text.AsRichText())  # once rich text, left alone
    assert QuestionPage.objects.get(pk=page.pk).faq_items.get().answer == live

    faq_rich_text.convert(apps, faq_rich_text.as_plain_text)  # and back, if migrated back
    assert QuestionPage.objects.get(pk=page.pk).faq_items.get().answer == plain


short_rich_text = import_module("plainly.questions.migrations.0013_short_answers_hold_facts")


def test_plain_short_answers_become_the_paragraph_readers_saw_in_page_and_revisions(topic):
    page = make_question(topic)
    plain = "Not formally, & no treaty yet."
    QuestionPage.objects.filter(pk=page.pk).update(short_answer=plain)
    revision = page.get_latest_revision()
    revision.content["short_answer"] = plain
    revision.save(update_fields=["content"])

    short_rich_text.convert(apps, short_rich_text.AsRichText())

    page = QuestionPage.objects.get(pk=page.pk)
    assert page.get_latest_revision().as_object().short_answer == page.short_answer
    assert BeautifulSoup(page.short_answer, "html.parser").p.get_text() == plain
    short_rich_text.convert(apps, short_rich_text.as_plain_text)
    assert QuestionPage.objects.get(pk=page.pk).short_answer == plain
