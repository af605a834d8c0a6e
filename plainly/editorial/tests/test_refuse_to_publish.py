"""The site's editorial policy can refuse to publish a question that contradicts a fact; a draft
can always be saved, and a question that agrees is published as ever."""

import datetime

import pytest
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from plainly.accounts.tests.factories import make_staff
from plainly.editorial.models import EditorialSettings
from plainly.facts.tests.factories import make_fact
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import answer, make_topic, question_form

pytestmark = pytest.mark.django_db

SLUG = "how-long-is-the-korean-border"


@pytest.fixture
def topic(client):
    make_fact(
        aliases="North Korean defectors",
        qualifier="more_than",
        value=33000,
        as_of=datetime.date(2025, 12, 31),
    )
    client.force_login(make_staff("Erin", group="Editors"))
    return make_topic()


def refuse(refusing: bool) -> None:
    settings = EditorialSettings.load()
    settings.refuse_contradictions = refusing
    settings.save()


def send(client, topic, action: str, **fields):
    return client.post(
        f"/admin/pages/add/questions/questionpage/{topic.pk}/",
        {**question_form(**fields), action: action},
        follow=True,
    )


CONTRADICTING = {
    "faq_items": inline_formset(
        [{"question": "How many?", "answer": answer("<p>About 27,000 North Korean defectors.</p>")}]
    )
}


def test_a_contradiction_is_not_published_where_the_policy_refuses_it(client, topic):
    refuse(True)

    response = send(client, topic, "action-publish", **CONTRADICTING)

    shown = response.content.decode()
    assert "“About 27,000 North Korean defectors.” contradicts a fact" in shown
    assert "more than 33,000" in shown
    assert not QuestionPage.objects.filter(slug=SLUG).exists()


def test_a_contradiction_in_the_body_is_refused_too(client, topic):
    refuse(True)
    body = streamfield(
        [("paragraph", rich_text("<p>Some 20,000 North Korean defectors live there.</p>"))]
    )

    response = send(client, topic, "action-publish", body=body)

    assert (
        "“Some 20,000 North Korean defectors live there.” contradicts" in response.content.decode()
    )
    assert not QuestionPage.objects.filter(slug=SLUG).exists()


def test_the_draft_can_still_be_saved(client, topic):
    refuse(True)

    send(client, topic, "action-save", **CONTRADICTING)

    draft = QuestionPage.objects.get(slug=SLUG)
    assert not draft.live


def test_without_the_policy_the_contradiction_is_published_and_reported(client, topic):
    refuse(False)

    send(client, topic, "action-publish", **CONTRADICTING)

    assert QuestionPage.objects.get(slug=SLUG).live


def test_a_question_that_agrees_with_the_facts_is_published(client, topic):
    refuse(True)
    agreeing = {
        "faq_items": inline_formset(
            [
                {
                    "question": "How many?",
                    "answer": answer("<p>Some 34,000 North Korean defectors.</p>"),
                }
            ]
        )
    }

    send(client, topic, "action-publish", **agreeing)

    assert QuestionPage.objects.get(slug=SLUG).live


def test_a_reviewer_approving_a_contradiction_in_the_page_editor_is_refused(client, topic):
    refuse(True)
    send(client, topic, "action-save", **CONTRADICTING)
    page = QuestionPage.objects.get(slug=SLUG)
    client.post(
        f"/admin/pages/{page.pk}/edit/", {**question_form(**CONTRADICTING), "action-submit": "1"}
    )
    client.force_login(make_staff("Eve", group="Editors"))

    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            **question_form(**CONTRADICTING),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
    )

    assert "contradicts a fact" in response.content.decode()
    page.refresh_from_db()
    assert not page.live and page.workflow_in_progress
