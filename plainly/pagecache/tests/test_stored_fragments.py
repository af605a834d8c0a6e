"""Durable fragments: a question's article stored in the database, drawn again only when a change
reaches it, never for a comment; never served once a change to the page has come."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import SafeString

from plainly.accounts.signals import member_renamed
from plainly.accounts.tests.factories import make_staff
from plainly.discussion import moderation
from plainly.discussion.models import Comment
from plainly.discussion.tests.factories import make_comment
from plainly.editorial import reviews
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


def test_after_a_comment_the_process_that_kept_the_article_reads_nothing_for_it():
    fragment = stored()
    purging.refresh({PATH: "http://localhost"}, only=("discussion",))

    with CaptureQueriesContext(connection) as queries:
        found = Fragment(PATH, fragment.name, durable=True).get()

    assert found == ARTICLE
    assert not [query for query in queries if "pagecache_storedfragment" in query["sql"]]
    # Any other change to the page, and the kept copy goes with the stored one.
    purging.refresh({PATH: "http://localhost"})
    assert Fragment(PATH, fragment.name, durable=True).get() is None


def test_a_change_another_process_made_drops_the_kept_article_once_heard_of():
    fragment = stored()
    purging.refresh({PATH: "http://localhost"}, only=("discussion",))
    assert Fragment(PATH, fragment.name, durable=True).get() == ARTICLE
    # Another process publishes a revision: its markers, and the stored copy dropped.
    now = time.time()
    store.records().set_many(
        {store.LAST_PURGE_KEY: now, store.LAST_WHOLE_KEY: now, store.rewritten_key(PATH): now},
        None,
    )
    StoredFragment.objects.all().delete()

    store.memory.catch_up()  # as each process looks, every half second

    assert Fragment(PATH, fragment.name, durable=True).get() is None


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


def test_a_stored_fragment_is_drawn_again_after_an_hour_at_most(monkeypatch):
    fragment = stored()
    in_a_new_process()
    later = time.time() + store.DURABLE_SECONDS + 1
    monkeypatch.setattr(fragments.time, "time", lambda: later)

    assert Fragment(PATH, fragment.name, durable=True).get() is None


def test_fragments_past_their_hour_are_dropped_and_the_rest_kept():
    old = stored()
    an_hour_ago = time.time() - store.DURABLE_SECONDS - 1
    StoredFragment.objects.filter(key=old.digest).update(rendered_at=an_hour_ago)
    new = stored(path="/korea/another-question/")

    assert fragments.drop_expired() == 1

    assert list(StoredFragment.objects.values_list("key", flat=True)) == [new.digest]
    assert old.digest != new.digest


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


def test_a_review_draws_the_article_again_though_its_revision_stays(client, question, committed):
    client.get(question.url)
    reviewer = make_staff("Rhea Reviewer", superuser=True)
    with committed():
        reviews.record_review(question, reviewer, today=datetime.date(2026, 12, 6))
    in_a_new_process()

    with CaptureQueriesContext(connection) as queries:
        page = client.get(question.url).text

    assert ">6 December 2026</time> by Rhea Reviewer" in page
    assert article_queries(queries.captured_queries) != []


def test_a_render_that_read_its_rows_before_a_purge_stores_nothing():
    read_from = time.time()  # the request reads the page's rows...
    purging.refresh({PATH: "http://localhost"})  # ...another request changes the page...
    fragment = Fragment(PATH, "article:1:http://localhost", durable=True, read_from=read_from)
    assert fragment.get() is None  # ...and only then does the render look for the article
    fragment.keep({"body": "as the page was before the change"})

    assert not StoredFragment.objects.exists()


def test_a_render_from_rows_kept_before_another_process_s_purge_stores_nothing():
    store.memory.catch_up()  # this process looks for purges, and keeps rows from now on
    # Another process changes the page: only the shared records say so, and this process,
    # having looked a moment ago, will not look again for half a second.
    now = time.time()
    store.records().set_many({store.LAST_WHOLE_KEY: now, store.rewritten_key(PATH): now})
    fragment = Fragment(PATH, "article:1:http://localhost", durable=True)
    assert fragment.get() is None
    fragment.keep({"body": "from a page row kept before the change"})

    assert not StoredFragment.objects.exists()


def test_a_reviewer_s_old_name_is_never_shown_again(client, question, committed):
    reviewer = make_staff("Old Name", superuser=True)
    with committed():
        reviews.record_review(question, reviewer, today=datetime.date(2026, 12, 6))
    assert "by Old Name" in client.get(question.url).text  # and the article is stored

    reviewer.display_name = "New Name"
    reviewer.save()
    with committed():
        member_renamed.send(sender=type(reviewer), user=reviewer)
    in_a_new_process()

    page = client.get(question.url).text
    assert "by New Name" in page and "Old Name" not in page


def test_the_render_right_after_this_process_changed_the_page_is_stored():
    store.memory.catch_up()  # this process looked for purges a moment ago
    purging.refresh({PATH: "http://localhost"})  # and now changes the page itself

    fragment = stored()

    assert StoredFragment.objects.filter(key=fragment.digest).exists()
