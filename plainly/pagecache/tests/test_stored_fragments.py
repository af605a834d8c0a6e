"""Durable fragments: a question's article stored in the database, drawn again only when a change
reaches it, never for a comment; never served once a change to the page has come."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import SafeString

from plainly.accounts.tests.factories import make_staff
from plainly.discussion import moderation
from plainly.discussion.models import Comment
from plainly.discussion.tests.factories import make_comment
from plainly.pagecache import fragments, purging, store
from plainly.pagecache.fragments import Fragment
from plainly.pagecache.models import StoredFragment
from plainly.testing.isolation import clear_cache

pytestmark = pytest.mark.django_db

PATH = "/korea/is-the-korean-war-over/"
ARTICLE = {"body": SafeString("<p>The <b>answer</b>.</p>"), "description": "Plain <words>"}


def stored(name="article:1:http://localhost", value=ARTICLE, path=PATH) -> Fragment:
    fragment = Fragment(path, name, durable=True)
    assert fragment.get() is None
    fragment.keep(value)
    return fragment


def in_a_new_process() -> None:
    """What a restarted process finds: no cache, nothing in memory, the database as it was."""
    clear_cache()
    store.memory.forget_all()


def test_a_stored_fragment_outlasts_the_caches_with_its_html_still_marked_safe():
    fragment = stored()
    in_a_new_process()

    found = Fragment(PATH, fragment.name, durable=True).get()

    assert found == ARTICLE
    assert isinstance(found["body"], SafeString)  # drawn as HTML in the template
    assert not isinstance(found["description"], SafeString)  # still escaped there


def test_a_purge_of_only_the_discussion_keeps_the_article_and_any_other_purge_drops_it():
    fragment = stored()
    purging.refresh({PATH: "http://localhost"}, only=("discussion",))
    in_a_new_process()
    assert Fragment(PATH, fragment.name, durable=True).get() == ARTICLE

    purging.refresh({PATH: "http://localhost"})  # a revision published, a fact changed...

    assert Fragment(PATH, fragment.name, durable=True).get() is None
    assert not StoredFragment.objects.filter(path=PATH).exists()


def test_a_purge_of_every_page_drops_every_stored_fragment():
    stored()
    stored(path="/korea/another-question/")

    purging.purge_all_pages()

    assert not StoredFragment.objects.exists()


def test_a_fragment_rendered_while_a_change_came_is_not_stored():
    fragment = Fragment(PATH, "article:1:http://localhost", durable=True)
    assert fragment.get() is None  # the render starts, and reads the rows as they were
    purging.purge({PATH: "http://localhost"})  # the change lands while it renders

    fragment.keep({"body": "as the page was before the change"})
    in_a_new_process()

    assert Fragment(PATH, fragment.name, durable=True).get() is None
    assert not StoredFragment.objects.exists()


def test_a_stored_fragment_is_drawn_again_after_a_week_at_most(monkeypatch):
    fragment = stored()
    in_a_new_process()
    later = time.time() + fragments.DURABLE_SECONDS + 1
    monkeypatch.setattr(fragments.time, "time", lambda: later)

    assert Fragment(PATH, fragment.name, durable=True).get() is None


def test_nothing_is_stored_with_the_page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    fragment = Fragment(PATH, "article:1:http://localhost", durable=True)
    assert fragment.get() is None
    fragment.keep(ARTICLE)

    assert not StoredFragment.objects.exists()


def article_queries(captured) -> list[str]:
    shown_only_in_the_article = ("questions_faqitem", "questions_keyfact", "questions_source")
    return [q["sql"] for q in captured if any(t in q["sql"] for t in shown_only_in_the_article)]


def test_a_new_comment_shows_without_drawing_the_article_again(client, question, committed):
    make_comment(question, body="The first thought.")
    first = client.get(question.url).text
    held = make_comment(question, body="A second thought.", state=Comment.State.HELD)
    with committed():
        moderation.moderate(held, decision="approve", by=make_staff("Mo", group="Moderators"))
    in_a_new_process()

    with CaptureQueriesContext(connection) as queries:
        page = client.get(question.url).text

    assert "A second thought." in page and "The first thought." in page
    assert article_queries(queries.captured_queries) == []
    article = first[first.index('<article class="question"') : first.index("</main>")]
    assert article.split('<section class="discussion"')[0] in page


def test_a_new_revision_draws_the_article_again(client, question, committed):
    client.get(question.url)
    edited = question.get_latest_revision_as_object()
    edited.short_answer = "Not formally: an armistice holds."
    with committed():
        edited.save_revision().publish()
    in_a_new_process()

    with CaptureQueriesContext(connection) as queries:
        page = client.get(question.url).text

    assert "an armistice holds" in page
    assert article_queries(queries.captured_queries) != []
