"""Key facts bound to facts: the figure in its sentence with its date and source, one edit of the
fact changing every page that shows it, and a fact in use kept from deletion."""

import datetime
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plainly.accounts.tests.factories import make_staff
from plainly.facts.models import Fact
from plainly.facts.tests.factories import make_fact
from plainly.questions.models import FAQItem, KeyFact, Source
from plainly.questions.tests.factories import make_question
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db

RESETTLED = "{fact} North Koreans have resettled in South Korea."


def question_showing(topic, *facts: Fact, **fields):
    items = [
        KeyFact(text=RESETTLED if i == 0 else f"Figure {i}: {{fact}}.", fact=f, sort_order=i)
        for i, f in enumerate(facts)
    ]
    return make_question(
        topic, facts=0, key_facts_heading="More about it", key_facts=items, **fields
    )


def page_of(client, question) -> BeautifulSoup:
    response = client.get(question.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def key_facts(page: BeautifulSoup) -> list[str]:
    return [" ".join(li.get_text(" ").split()) for li in page.select("#key-facts-heading + ol li")]


def test_a_key_fact_shows_its_figure_dated_and_linked_to_its_source(client, topic):
    fact = make_fact(qualifier="more_than", value=33000)
    question = question_showing(topic, fact)
    question.key_facts.add(KeyFact(text="The border is 250 km long.", sort_order=1))
    question.save_revision().publish()

    page = page_of(client, question)

    assert key_facts(page) == [
        "More than 33,000 North Koreans have resettled in South Korea (as of 2023).",
        "The border is 250 km long.",
    ]
    link = page.select_one("#key-facts-heading + ol li a.fact")
    assert link["href"] == fact.source_url
    sources = [" ".join(li.get_text(" ").split()) for li in page.select(".sources__list li")]
    assert sum(fact.source_title in line for line in sources) == 1
    assert any("Accessed 1 October 2026" in line for line in sources if fact.source_title in line)


def test_a_facts_source_already_listed_is_not_listed_twice(client, topic):
    fact = make_fact()
    question = question_showing(topic, fact, sources=0)
    question.sources.add(
        Source(
            title="The ministry's page",
            url=fact.source_url + "/",
            accessed=datetime.date(2026, 9, 1),
        )
    )
    question.save_revision().publish()

    sources = page_of(client, question).select(".sources__list li")

    assert len(sources) == 1 and "The ministry's page" in sources[0].get_text()


def test_a_newer_figure_of_the_same_measure_replaces_the_older_on_pages(
    served_in_process, committed, topic
):
    older = make_fact(value=27000, as_of=datetime.date(2014, 12, 31))
    question = question_showing(topic, older)
    assert "27,000" in call_wsgi(question.url)[2].decode()

    with committed():
        make_fact(value=34000, as_of=datetime.date(2024, 12, 31))

    assert call_wsgi(question.url)[1]["X-Cache"] == "STALE"  # while the new page renders
    page = BeautifulSoup(call_wsgi(question.url)[2], "html.parser")
    assert key_facts(page) == ["34,000 North Koreans have resettled in South Korea (as of 2024)."]


def test_an_unpublished_fact_leaves_its_item_out(client, topic):
    withdrawn = make_fact(measure="Withdrawn")
    question = question_showing(topic, withdrawn)
    question.key_facts.add(KeyFact(text="A plain fact.", sort_order=1))
    question.save_revision().publish()

    withdrawn.unpublish()

    assert key_facts(page_of(client, question)) == ["A plain fact."]


def test_a_revision_naming_a_fact_that_is_gone_renders_without_it(client, topic):
    question = question_showing(topic, make_fact())
    # Old or imported content may name a fact by an id nothing has any more.
    question.key_facts = [KeyFact(text=RESETTLED, fact_id=987654), KeyFact(text="A plain fact.")]
    revision = question.save_revision()
    client.force_login(make_staff("Erin", group="Editors"))

    response = client.get(f"/admin/pages/{question.pk}/revisions/{revision.pk}/view/")

    assert response.status_code == 200
    assert key_facts(BeautifulSoup(response.content, "html.parser")) == ["A plain fact."]


def test_a_fact_shown_on_a_page_cannot_be_deleted(client, topic):
    fact = make_fact()
    question_showing(topic, fact)
    client.force_login(make_staff("Ada", superuser=True))

    for ask in (client.get, client.post):
        refused = ask(f"/admin/snippets/facts/fact/delete/{fact.pk}/", follow=True)
        shown = refused.content.decode()
        assert "cannot be deleted while pages show it" in shown
        assert "Question number" in shown  # the pages showing it are listed
    assert Fact.objects.filter(pk=fact.pk).exists()
    bulk = client.post(f"/admin/bulk/facts/fact/delete/?id={fact.pk}", {"id": fact.pk}, follow=True)
    assert "cannot be deleted while pages show it" in bulk.content.decode()
    assert Fact.objects.filter(pk=fact.pk).exists()


def test_a_fact_no_page_shows_can_be_deleted(client):
    fact = make_fact()
    client.force_login(make_staff("Ada", superuser=True))

    client.post(f"/admin/snippets/facts/fact/delete/{fact.pk}/")

    assert not Fact.objects.filter(pk=fact.pk).exists()


def test_the_api_gives_each_questions_facts(client, topic):
    fact = make_fact(qualifier="more_than", value=33000)
    question = question_showing(topic, fact)

    data = client.get(f"/api/questions/{question.pk}/").json()

    assert data["key_facts"] == [
        "More than 33,000 North Koreans have resettled in South Korea (as of 2023)."
    ]
    [shown] = data["facts"]
    assert shown["shown_as"] == "more than 33,000"
    assert (shown["qualifier"], shown["as_of"], shown["as_of_precision"]) == (
        "more_than",
        "2023-12-31",
        "year",
    )
    assert shown["source"]["url"] == fact.source_url
    assert Decimal(shown["value"]) == 33000


@pytest.fixture
def served_in_process(keep_the_test_connection, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]


@pytest.mark.parametrize(
    "text, with_fact, field, message",
    [
        ("North Koreans have resettled in the South.", True, "text", "Write {fact} once"),
        ("{fact} and {fact} again.", True, "text", "Write {fact} once"),
        ("{fact} North Koreans have resettled.", False, "fact", "Choose the fact"),
    ],
)
def test_a_key_fact_and_its_placeholder_go_together(topic, text, with_fact, field, message):
    item = KeyFact(text=text, fact=make_fact() if with_fact else None)

    with pytest.raises(ValidationError) as refused:
        item.clean()

    assert message in refused.value.message_dict[field][0]


def paragraph_with(fact: Fact, stored_text: str = "25,000") -> dict:
    value = (
        f'<p>Since 1953, <a linktype="fact" id="{fact.pk}">{stored_text}</a> people crossed.</p>'
    )
    return {"type": "paragraph", "value": value}


def test_a_fact_in_a_paragraph_shows_its_figure_now_and_its_source(client, topic):
    fact = make_fact(qualifier="about", value=27000, source_title="Defectors, by year")
    question = make_question(topic, body=[paragraph_with(fact)], sources=0)

    page = page_of(client, question)

    paragraph = page.select_one(".answer-body p")
    assert " ".join(paragraph.get_text().split()) == "Since 1953, about 27,000 people crossed."
    assert paragraph.select_one("a.fact")["href"] == fact.source_url
    assert [
        s.get_text(" ", strip=True).split(".")[0] for s in page.select(".sources__list li")
    ] == ["Defectors, by year , Ministry of Unification"]


def test_the_api_body_shows_facts_as_the_page_does(client, topic):
    fact = make_fact(qualifier="more_than", value=33000)
    question = make_question(topic, body=[paragraph_with(fact)], facts=0)

    data = client.get(f"/api/questions/{question.pk}/").json()

    assert "more than 33,000" in data["body_html"] and "25,000" not in data["body_html"]
    assert [f["shown_as"] for f in data["facts"]] == ["more than 33,000"]


def faq_answer_with(fact: Fact) -> FAQItem:
    answer = f'<p>Yes: <a linktype="fact" id="{fact.pk}">25,000</a> so far.</p><p>More later.</p>'
    return FAQItem(question="Have many crossed?", answer=answer)


def test_a_fact_in_an_faq_answer_shows_its_figure_now_and_its_source(client, topic):
    fact = make_fact(qualifier="about", value=27000, source_title="Defectors, by year")
    question = make_question(topic, faq_items=[faq_answer_with(fact)], sources=0)

    page = page_of(client, question)

    answer = page.select_one(".faq__answer")
    assert [" ".join(p.get_text().split()) for p in answer.select("p")] == [
        "Yes: about 27,000 so far.",
        "More later.",
    ]
    assert answer.select_one("a.fact")["href"] == fact.source_url
    assert [
        s.get_text(" ", strip=True).split(" ,")[0] for s in page.select(".sources__list li")
    ] == ["Defectors, by year"]
    [faq_page] = [
        json.loads(script.string)
        for script in page.select("script[type='application/ld+json']")
        if json.loads(script.string)["@type"] == "FAQPage"
    ]
    assert faq_page["mainEntity"][0]["acceptedAnswer"]["text"] == (
        "Yes: about 27,000 so far.\n\nMore later."
    )


def test_a_fact_in_an_faq_answer_cannot_be_deleted(client, topic):
    fact = make_fact()
    make_question(topic, faq_items=[faq_answer_with(fact)])
    client.force_login(make_staff("Ada", superuser=True))

    refused = client.post(f"/admin/snippets/facts/fact/delete/{fact.pk}/", follow=True)

    assert "cannot be deleted while pages show it" in refused.content.decode()
    assert Fact.objects.filter(pk=fact.pk).exists()


def test_the_api_gives_faq_answers_with_their_figures(client, topic):
    fact = make_fact(qualifier="more_than", value=33000)
    question = make_question(topic, faq_items=[faq_answer_with(fact)], facts=0)

    data = client.get(f"/api/questions/{question.pk}/").json()

    [item] = data["faq"]
    assert item["answer"] == "Yes: more than 33,000 so far.\n\nMore later."
    assert "more than 33,000</a>" in item["answer_html"] and "25,000" not in item["answer_html"]
    assert [f["shown_as"] for f in data["facts"]] == ["more than 33,000"]


def short_answer_with(fact: Fact) -> str:
    return f'<p>Yes: <a linktype="fact" id="{fact.pk}">25,000</a> have crossed.</p>'


def test_a_fact_in_the_short_answer_is_shown_wherever_the_answer_is(client, topic):
    fact = make_fact(qualifier="more_than", value=33000)
    question = make_question(topic, short_answer=short_answer_with(fact), sources=0)
    said = "Yes: more than 33,000 have crossed."

    page = page_of(client, question)

    answer = page.select_one(".short-answer p")
    assert " ".join(answer.get_text().split()) == said
    assert answer.select_one("a.fact")["href"] == fact.source_url
    assert page.select_one("meta[name=description]")["content"] == said
    assert (
        json.loads(page.select_one("script[type='application/ld+json']").string)["description"]
        == said
    )
    assert fact.source_title in page.select_one(".sources__list").get_text()
    topic_page = BeautifulSoup(client.get(topic.url).content, "html.parser")
    assert said in topic_page.select_one(".question-card__answer").get_text()
    assert client.get(f"/api/questions/{question.pk}/").json()["short_answer"] == said
    listed = client.get("/api/questions/").json()["results"]
    assert [q["short_answer"] for q in listed if q["id"] == question.pk] == [said]


def test_a_topic_lists_answers_with_facts_in_as_few_queries_as_without(client, topic):
    def queries_for_topic() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(topic.url).status_code == 200
        return len(queries)

    make_question(topic, short_answer=short_answer_with(make_fact(measure="Measure 0")))
    queries_for_topic(), (one := queries_for_topic())
    for n in range(1, 6):
        make_question(topic, short_answer=short_answer_with(make_fact(measure=f"Measure {n}")))
    queries_for_topic()

    assert queries_for_topic() == one


# Every place a question shows facts, and a question showing ``facts`` there.
PLACES = {
    "key facts": lambda topic, facts: question_showing(topic, *facts),
    "paragraphs": lambda topic, facts: make_question(
        topic, body=[paragraph_with(fact) for fact in facts]
    ),
    "FAQ answers": lambda topic, facts: make_question(
        topic, faq_items=[faq_answer_with(fact) for fact in facts]
    ),
    "short answer": lambda topic, facts: make_question(
        topic, short_answer="".join(short_answer_with(fact) for fact in facts)
    ),
}


@pytest.mark.parametrize("place", PLACES)
def test_a_page_asks_as_many_queries_for_six_facts_as_for_one(client, topic, place):
    def queries_for(question) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(question.url).status_code == 200
        return len(queries)

    facts = [make_fact(measure=f"Measure {n}", value=n * 1000 + 1000) for n in range(6)]
    one, six = PLACES[place](topic, facts[:1]), PLACES[place](topic, facts)
    queries_for(one), queries_for(six)  # the site, its settings and such are kept after a read

    assert queries_for(six) == queries_for(one)


@pytest.mark.parametrize("place", PLACES)
def test_publishing_a_changed_fact_changes_the_pages_showing_it(
    served_in_process, committed, topic, place
):
    fact = make_fact(qualifier="about", value=27000)
    first, second = PLACES[place](topic, [fact]), PLACES[place](topic, [fact])
    for question in (first, second):
        assert "about 27,000" in call_wsgi(question.url)[2].decode().lower()
        assert call_wsgi(question.url)[1]["X-Cache"] == "HIT"

    with committed():
        fact.qualifier, fact.value = "more_than", Decimal("33000")
        fact.save_revision().publish()

    for question in (first, second):
        # The next reader gets the old page while the new one renders, then everyone the new.
        assert call_wsgi(question.url)[1]["X-Cache"] == "STALE"
        assert "more than 33,000" in call_wsgi(question.url)[2].decode().lower()


@pytest.mark.parametrize("place", PLACES)
def test_the_facts_admin_lists_the_pages_showing_it(client, topic, place):
    fact = make_fact()
    question = PLACES[place](topic, [fact])
    client.force_login(make_staff("Ada", superuser=True))

    usage = client.get(f"/admin/snippets/facts/fact/usage/{fact.pk}/").content.decode()

    assert question.title in usage
