"""Related questions for readers, and duplicate warnings for editors."""

import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import make_question, make_topic
from plainly.search import similar
from plainly.search.similar import (
    SEND_AFTER_SECONDS,
    duplicate_pairs,
    pages_showing,
    related_questions,
    similarity,
)
from plainly.testing.isolation import clear_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    korea, space = make_topic(title="Korea"), make_topic(title="Space")
    pages = {
        "defect": make_question(korea, title="Do many South Koreans defect to North Korea?"),
        "war": make_question(korea, title="Is the Korean War over?"),
        "defectors": make_question(space, title="How many North Korean defectors reach the South?"),
        "moon": make_question(space, title="Why does the Moon change shape?"),
    }
    return pages


def titles(questions) -> list[str]:
    return [question.title for question in questions]


def test_related_questions_share_words_or_a_topic(library):
    related = titles(related_questions(library["defect"]))

    assert related[0] == "How many North Korean defectors reach the South?"  # alike in words
    assert "Is the Korean War over?" in related  # same topic
    assert library["defect"].title not in related
    assert len(related) <= 5


def test_related_questions_follow_publishing(library):
    assert "Is the Korean War over?" in titles(related_questions(library["defect"]))

    QuestionPage.objects.get(pk=library["war"].pk).unpublish()

    assert "Is the Korean War over?" not in titles(related_questions(library["defect"]))


def test_related_questions_are_computed_once_per_publication(
    library, django_assert_max_num_queries
):
    related_questions(library["moon"])

    # No search and no ranking: only the questions themselves (and Wagtail's privacy check).
    with django_assert_max_num_queries(2):
        related_questions(library["moon"])


def test_a_process_asks_the_cache_for_the_generation_once_until_something_is_published(library):
    from unittest import mock

    related_questions(library["moon"])

    with mock.patch.object(similar, "_generation", wraps=similar._generation) as asked:
        related_questions(library["moon"])
        related_questions(library["defect"])
        assert asked.call_count == 0
        similar.forget_related()  # as publishing, unpublishing or moving a question does
        related_questions(library["moon"])
        assert asked.call_count == 1


def test_similarity_scores_alike_titles_high_and_different_ones_low():
    alike = similarity(
        "Do many South Koreans defect to the North?", "Do South Koreans defect north?"
    )
    different = similarity("Why is the sky blue?", "Do goldfish remember things?")

    assert alike > 0.6
    assert different == 0


def test_duplicates_are_listed_with_a_score(library, capsys):
    make_question(make_topic(), title="Do many South Koreans defect to the North?")

    call_command("duplicates")

    output = capsys.readouterr().out
    assert "Do many South Koreans defect to North Korea?" in output
    assert "Do many South Koreans defect to the North?" in output
    assert "1 pair(s) at or above 0.75." in output
    assert [round(score, 2) for _, _, score in duplicate_pairs()] == [
        round(similarity("Do many South Koreans defect to North Korea?",
                         "Do many South Koreans defect to the North?"), 2)
    ]  # fmt: skip


@pytest.mark.parametrize("threshold", ["-0.1", "1.5"])
def test_the_duplicates_threshold_must_be_between_0_and_1(threshold):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("duplicates", "--threshold", threshold)


def test_editors_typing_a_title_see_similar_questions(client, library):
    client.force_login(make_staff("Erin", group="Editors"))

    adding_under = library["defect"].get_parent()
    data = client.get(
        "/admin/plainly/similar-questions/",
        {"title": "Do South Koreans defect to North Korea", "parent": adding_under.pk},
    ).json()

    assert data["similar"][0]["title"] == "Do many South Koreans defect to North Korea?"
    assert 0 < data["similar"][0]["score"] <= 1


def test_the_similar_questions_check_leaves_out_the_page_being_edited(client, library):
    client.force_login(make_staff("Erin", group="Editors"))
    page = library["defect"]

    data = client.get(
        "/admin/plainly/similar-questions/", {"title": page.title, "exclude": page.pk}
    ).json()

    assert page.title not in titles_from(data)


def titles_from(data) -> list[str]:
    return [item["title"] for item in data["similar"]]


def test_only_staff_may_ask_for_similar_questions(client, library):
    assert client.get("/admin/plainly/similar-questions/", {"title": "x"}).status_code == 302
    client.force_login(make_member("Alice"))
    assert client.get("/admin/plainly/similar-questions/", {"title": "x"}).status_code == 302


# The worker commits as it goes, so this test commits for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_a_worker_readers_see_the_topic_until_the_ranking_is_done(
    library, settings, client, monkeypatch
):
    monkeypatch.setattr(similar.asked, "in_background", True)  # the data is committed
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []},
    }
    page = library["defect"]

    # Ranking against the whole site waits for the worker; the topic's questions stand in.
    first = client.get(page.url).text
    assert "Is the Korean War over?" in first
    assert "How many North Korean defectors reach the South?" not in first

    # The process asks the worker within SEND_AFTER_SECONDS, off the reader's request.
    deadline = time.monotonic() + 15
    while not DBTaskResult.objects.filter(args_kwargs__args=[[page.pk]]).exists():
        assert time.monotonic() < deadline, "the ranking was never asked for"
        time.sleep(SEND_AFTER_SECONDS / 5)
    call_command("worker", "--once")

    ranked = client.get(page.url).text
    assert "How many North Korean defectors reach the South?" in ranked


@pytest.fixture
def worker_ranks(settings):
    """Rankings are left to a worker that has not run yet: readers get the topic's newest."""
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []},
    }


def test_rankings_asked_for_at_once_go_to_the_worker_together_and_once(library, worker_ranks):
    """Each first render asks for its page's ranking; the process sends those it has to the
    worker in one task, leaving out any asked for already."""
    pages = [library["defect"], library["war"], library["moon"]]
    for page in [*pages, pages[0]]:
        related_questions(page)
    similar.asked.send()
    related_questions(pages[0])  # not ranked yet: asked for again, but queued already
    similar.asked.send()

    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path.endswith("rank_related_each")
    assert queued.args_kwargs["args"] == [sorted(page.pk for page in pages)]


def test_the_topics_newest_are_read_once_for_all_its_questions(library, worker_ranks):
    korea = [library["defect"], library["war"], make_question(library["defect"].get_parent())]
    related_questions(korea[0])

    with CaptureQueriesContext(connection) as queries:
        shown = [titles(related_questions(page)) for page in korea[1:]]

    assert shown == [[korea[2].title, korea[0].title], [korea[1].title, korea[0].title]]
    read = [query["sql"] for query in queries.captured_queries if "SELECT" in query["sql"]]
    assert not any("wagtailcore_page" in sql for sql in read), read


def test_a_question_published_in_the_topic_is_shown_at_once(library, worker_ranks, committed):
    page = library["defect"]
    assert titles(related_questions(page)) == ["Is the Korean War over?"]

    with committed():
        newer = make_question(page.get_parent(), title="Who runs North Korea?")

    assert titles(related_questions(page)) == [newer.title, "Is the Korean War over?"]
    with committed():
        QuestionPage.objects.get(pk=newer.pk).unpublish()
    assert titles(related_questions(page)) == ["Is the Korean War over?"]


def test_a_topics_newest_questions_count_as_shown_on_the_pages_not_yet_ranked():
    topic = make_topic(title="Space")
    questions = [make_question(topic, title=f"Space question {n}?") for n in range(7)]
    clear_cache()  # no list ranked yet: every page shows its topic's newest

    newest, oldest = (QuestionPage.objects.get(pk=q.pk) for q in (questions[-1], questions[0]))

    assert set(pages_showing(newest)) == set(questions[:-1])
    assert set(pages_showing(oldest)) == set()  # five newer ones fill every list
