"""Readers find the question that answers them, and nothing that is not published."""

import pytest
from django.db import connection

from plainly.questions.models import QuestionPage, live_questions
from plainly.questions.tests.factories import home_page, make_question, make_topic
from plainly.search.questions import suggest
from plainly.search.tests.results import soup, top_title

pytestmark = pytest.mark.django_db


def test_ten_results_to_a_page(client):
    topic = make_topic(title="Many")
    for number in range(23):
        make_question(topic, title=f"A question about elephants, number {number}?")

    first = soup(client.get("/search/", {"q": "elephants"}))
    third = soup(client.get("/search/", {"q": "elephants", "page": "3"}))

    assert len(first.select(".search-results li")) == 10
    assert len(third.select(".search-results li")) == 3
    assert "23 questions found" in first.get_text()


def animals(**bodies: str) -> None:
    """Questions in one topic, ``title="body"`` (titles given with underscores for spaces)."""
    topic = make_topic(title="Animals")
    for title, body in bodies.items():
        make_question(
            topic,
            title=title.replace("_", " ") + "?",
            body=[{"type": "paragraph", "value": f"<p>{body}</p>"}],
        )


def test_questions_with_every_word_come_alone_when_there_are_any(client):
    animals(
        Do_elephants_swim="They wade and float.",
        Do_elephants_paint="Some hold a brush.",
        Can_giraffes_swim="Badly, and rarely.",
        # One word in the title, the other only in the body: the question still has both.
        How_far_can_elephants_walk="They swim too.",
    )

    page = soup(client.get("/search/", {"q": "elephants swim"}))

    titles = [h3.get_text() for h3 in page.select(".search-results h3")]
    assert sorted(titles) == ["Do elephants swim?", "How far can elephants walk?"]
    assert "2 questions found" in page.get_text()
    assert not page.select(".search-page__note")


def test_with_no_question_holding_every_word_those_with_some_are_shown_and_said_so(client):
    animals(
        Do_elephants_swim="They wade and float.",
        Can_giraffes_sleep_standing="For minutes.",
        Do_owls_blink="One eye at a time.",
    )

    page = soup(client.get("/search/", {"q": "elephants giraffes"}))

    titles = [h3.get_text() for h3 in page.select(".search-results h3")]
    assert sorted(titles) == ["Can giraffes sleep standing?", "Do elephants swim?"]
    note = page.select_one(".search-page__note").get_text()
    assert "No question has every one of these words" in note


def test_words_the_index_leaves_out_are_not_required(client):
    animals(Do_elephants_swim="They wade and float.", Do_owls_blink="One eye at a time.")

    # "can't" gives "can" and "t", and "all", "not" and "very" are in no full-text index.
    page = soup(client.get("/search/", {"q": "Can't all elephants swim, or not?"}))

    titles = [h3.get_text() for h3 in page.select(".search-results h3")]
    assert titles == ["Do elephants swim?"]
    assert not page.select(".search-page__note")


def test_the_api_searches_for_every_word_first_too(client):
    topic = make_topic(title="Animals")
    make_question(topic, title="Do elephants swim?")
    make_question(topic, title="Do elephants paint?")

    both = client.get("/api/questions/", {"q": "elephants swim"}).json()
    either = client.get("/api/questions/", {"q": "paint swim"}).json()

    assert [result["title"] for result in both["results"]] == ["Do elephants swim?"]
    assert both["count"] == 1
    assert either["count"] == 2


def test_the_index_follows_publish_edit_and_unpublish(client, committed):
    topic = make_topic(title="Weather")
    question = make_question(topic, title="Why is snow white?")
    assert top_title("snow") == "Why is snow white?"

    question = QuestionPage.objects.get(pk=question.pk)
    question.title = "Why does snow look white?"
    with committed():
        question.save_revision().publish()
    assert top_title("snow") == "Why does snow look white?"

    with committed():
        QuestionPage.objects.get(pk=question.pk).unpublish()
    assert top_title("snow") is None


def test_drafts_are_never_found(client):
    make_question(make_topic(), title="A secret draft about zebras?", publish=False)

    assert top_title("zebras") is None
    assert "secret draft" not in client.get("/search/", {"q": "zebras"}).content.decode()
    assert suggest("zebr", within=home_page()) == []


def test_the_header_search_box_is_a_combobox(client):
    box = soup(client.get("/")).select_one(".site-header input[name=q]")

    assert box["role"] == "combobox"
    assert box["aria-controls"] == "site-search-suggestions"
    assert box["aria-expanded"] == "false"


def test_search_uses_the_same_queries_for_3_or_30_results(client, django_assert_max_num_queries):
    topic = make_topic()
    for number in range(30):
        make_question(topic, title=f"Hippos question {number}?")

    with django_assert_max_num_queries(15):
        client.get("/search/", {"q": "hippos"})
    assert QuestionPage.objects.count() == 30


def found_titles(client, query: str) -> list[str]:
    return [h3.get_text() for h3 in soup(client.get("/search/", {"q": query})).select("h3")]


def test_a_repeated_search_reuses_its_ranking(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic = make_topic(title="Animals")
    make_question(topic, title="Do elephants never forget?")
    first = found_titles(client, "elephants")

    with CaptureQueriesContext(connection) as queries:
        again = found_titles(client, "elephants")

    assert again == first == ["Do elephants never forget?"]
    # Neither counted nor ranked again: the index is not asked at all.
    assert not [query for query in queries if "wagtailsearch_indexentry" in query["sql"]]


def test_a_new_search_is_counted_and_ranked_in_one_pass_over_the_index(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic = make_topic(title="Many")
    for number in range(13):
        make_question(topic, title=f"A question about walruses, number {number}?")

    with CaptureQueriesContext(connection) as queries:
        first = soup(client.get("/search/", {"q": "walruses"}))
    asked = [query for query in queries if "wagtailsearch_indexentry" in query["sql"]]

    assert "13 questions found" in first.get_text()
    assert len(first.select(".search-results li")) == 10
    assert len(asked) == 1, [query["sql"] for query in asked]
    second = soup(client.get("/search/", {"q": "walruses", "page": "2"}))
    assert len(second.select(".search-results li")) == 3
    listed = [page.select(".search-results li h3") for page in (first, second)]
    assert len({h3.get_text() for h3 in listed[0] + listed[1]}) == 13


def test_a_question_published_unpublished_or_restricted_shows_in_searches_at_once(
    client, committed
):
    from wagtail.models import PageViewRestriction

    topic = make_topic(title="Animals")
    make_question(topic, title="Do elephants never forget?")
    assert found_titles(client, "elephants") == ["Do elephants never forget?"]

    with committed():
        second = make_question(topic, title="Can elephants jump?")
    assert sorted(found_titles(client, "elephants")) == [
        "Can elephants jump?",
        "Do elephants never forget?",
    ]

    with committed():
        QuestionPage.objects.get(pk=second.pk).unpublish()
    assert found_titles(client, "elephants") == ["Do elephants never forget?"]

    with committed():
        PageViewRestriction.objects.create(page=topic, restriction_type=PageViewRestriction.LOGIN)
    assert found_titles(client, "elephants") == []


def test_a_result_shows_the_figure_its_fact_has_now(client, committed):
    import datetime

    from plainly.facts.tests.factories import make_fact

    older = make_fact(value=27000, as_of=datetime.date(2014, 12, 31))
    answer = f'<p>About <a linktype="fact" id="{older.pk}">27,000</a> walruses live there.</p>'
    make_question(make_topic(title="Seas"), title="How many walruses?", short_answer=answer)

    def answers() -> list[str]:
        found = soup(client.get("/search/", {"q": "walruses"}))
        return [p.get_text() for p in found.select(".question-card__answer")]

    assert ["27,000" in text for text in answers()] == [True]
    assert ["27,000" in text for text in answers()] == [True]  # the ranking kept

    with committed():
        make_fact(value=34000, as_of=datetime.date(2024, 12, 31))

    assert ["34,000" in text for text in answers()] == [True]


def test_results_are_read_as_django_reads_them_more_than_a_page_at_a_time():
    topic = make_topic()
    questions = [make_question(topic, title=f"Otters question {number}?") for number in range(13)]
    QuestionPage.objects.get(pk=questions[4].pk).unpublish()
    ids = [question.pk for question in reversed(questions)] + [questions[0].pk, 10**9]

    found = live_questions(ids)

    expected = QuestionPage.objects.live().defer_streamfields().in_bulk(ids)
    assert len(expected) == 12 and found.keys() == expected.keys()
    for pk, question in found.items():
        assert question.get_deferred_fields() == expected[pk].get_deferred_fields() != set()
        fields = [name for name in vars(expected[pk]) if not name.startswith("_")]
        assert "title" in fields and "short_answer" in fields
        assert [getattr(question, name) for name in fields] == [
            getattr(expected[pk], name) for name in fields
        ]
        assert question.url == expected[pk].url


def test_questions_with_the_word_in_their_title_come_before_those_with_it_only_in_the_body(
    client,
):
    from django.test.utils import CaptureQueriesContext

    topic = make_topic(title="Seas")
    for number in range(12):
        make_question(topic, title=f"A question about walruses, number {number}?")
    for title, times in [("Seals", 1), ("Sea lions", 3), ("Orcas", 2)]:
        paragraph = " ".join(["Walruses swim near them."] * times)
        body = [{"type": "paragraph", "value": f"<p>{paragraph} Not much else.</p>"}]
        make_question(topic, title=f"Where do {title.lower()} live?", body=body)

    def results(page: str):
        with CaptureQueriesContext(connection) as queries:
            found = soup(client.get("/search/", {"q": "walruses", "page": page}))
        asked = [query for query in queries if "wagtailsearch_indexentry" in query["sql"]]
        assert len(asked) == 1, [query["sql"] for query in asked]  # one ranking a page
        return found

    first, second = results("1"), results("2")

    assert "15 questions found" in first.get_text()
    titles = [[h3.get_text() for h3 in page.select("h3")] for page in (first, second)]
    assert len(titles[0]) == 10 and all("walruses" in title for title in titles[0])
    assert all("walruses" in title for title in titles[1][:2])
    # Then the body matches, the one that names them most first.
    assert titles[1][2:] == [
        "Where do sea lions live?",
        "Where do orcas live?",
        "Where do seals live?",
    ]
    assert len({*titles[0], *titles[1]}) == 15


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's index has columns, not weight labels"
)
def test_no_field_of_a_question_but_its_title_weighs_more_than_the_body_in_postgresql():
    """The search ranks title matches first on the bound this holds (BODY_ONLY_SCORE)."""
    make_question(make_topic(title="Seas"), title="How many walruses?", faq=3, facts=3)
    labelled = "::text ~ ':[0-9,]*[0-9][AB]'"  # a position labelled A or B: 'walrus':3B
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE title{labelled}),"  # noqa: S608
            f" count(*) FILTER (WHERE body{labelled}) FROM wagtailsearch_indexentry"
            " WHERE content_type_id = (SELECT id FROM django_content_type WHERE model = %s)",
            ["questionpage"],
        )
        entries, weighty_titles, weighty_bodies = cursor.fetchone()
    assert (entries, weighty_titles, weighty_bodies) == (1, 1, 0)
