"""Searching thirty questions on mixed subjects, made once for the module: readers find the one
that answers them, and odd or hostile queries get a normal page."""

import pytest

from plainly.questions.tests.factories import make_question, make_topic
from plainly.search.tests.corpus import QUERIES, QUESTIONS
from plainly.search.tests.results import soup, top_title
from plainly.testing.isolation import rows_for_the_module

pytestmark = pytest.mark.django_db


def make_corpus() -> None:
    topics = {}
    for topic, title, short_answer in QUESTIONS:
        if topic not in topics:
            topics[topic] = make_topic(title=topic)
        make_question(topics[topic], title=title, short_answer=short_answer, faq=0, facts=0)


corpus = rows_for_the_module(make_corpus)


def test_the_expected_question_ranks_first_for_most_queries(corpus):
    assert len(QUESTIONS) >= 30 and len(QUERIES) >= 15
    misses = [
        (query, top_title(query)) for query, expected in QUERIES if top_title(query) != expected
    ]

    assert len(QUERIES) - len(misses) >= 13, misses


def test_results_show_question_short_answer_topic_and_marked_terms(client, corpus):
    page = soup(client.get("/search/", {"q": "goldfish memory"}))

    first = page.select_one(".search-results .question-card")
    assert first.select_one("h3").get_text() == "Do goldfish have a three-second memory?"
    assert [mark.get_text() for mark in first.select("h3 mark")] == ["goldfish", "memory"]
    assert "remember things for months" in first.select_one(".question-card__answer").get_text()
    assert first.select_one(".question-card__meta").get_text(strip=True) == "Animals"


def test_no_results_suggests_topics(client, corpus):
    page = soup(client.get("/search/", {"q": "zeppelins"}))

    assert "No question matches “zeppelins”" in page.get_text()
    assert "Animals" in [a.get_text() for a in page.select(".topic-list a")]


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 10_000,
        '"',
        "*",
        ":",
        "(",
        ")",
        "OR",
        "AND NOT",
        "NEAR(a b)",
        "a OR b AND (c",
        "title:brain",
        "' OR 1=1 --",
        "'; DROP TABLE wagtailcore_page; --",
        "brain*",
        '"unterminated phrase',
        "\x00\x01",
        "€ ü 中文 🙂",
        "%",
        "_",
        "\\",
    ],
)
def test_hostile_or_odd_queries_get_a_normal_page(client, corpus, query):
    response = client.get("/search/", {"q": query, "page": "abc"})

    assert response.status_code == 200
    assert client.get("/search/suggest/", {"q": query}).status_code == 200


def test_type_ahead_suggests_titles_by_their_first_letters(client, corpus):
    data = client.get("/search/suggest/", {"q": "gold"}).json()

    assert [s["title"] for s in data["suggestions"]] == ["Do goldfish have a three-second memory?"]
    assert data["suggestions"][0]["url"].endswith("/do-goldfish-have-a-three-second-memory/")
