"""Nobody waits for a re-render: after a change that only adds or revises, readers get the old
copy while one background render makes the new one; after a change that takes something away,
no old copy is ever served."""

import logging
import threading
import time

import pytest

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion import moderation, posting
from plainly.discussion.models import Comment, DiscussionSettings
from plainly.discussion.tests.factories import make_comment
from plainly.facts.tests.factories import make_fact
from plainly.pagecache import Fragment, kept, store, wsgi
from plainly.pagecache.tests.test_renders import SlowPage, read_together, request
from plainly.pagecache.wsgi import PageCache, revalidations
from plainly.questions.tests.factories import make_topic
from plainly.questions.tests.test_page_facts import question_showing
from plainly.testing.wsgi import call_wsgi


def get(path: str) -> tuple[str | None, str]:
    """What one reader gets: the X-Cache header and the page."""
    status, headers, content = call_wsgi(path)
    assert status == 200, (path, status)
    return headers.get("X-Cache"), content.decode()


def cached(path: str) -> None:
    get(path)
    assert get(path)[0] == "HIT"


@pytest.fixture
def served_here(settings):
    settings.ALLOWED_HOSTS = ["localhost"]


@pytest.fixture
def committed_site(served_here, question):
    """For tests whose changes commit as they are made: the discussion's settings, made on a
    site's first render (which purges every page), are made before the pages are cached."""
    DiscussionSettings.for_site(question.get_site())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_approved_comment_is_rendered_in_the_background_while_readers_get_the_old_page(
    committed_site, question
):
    cached(question.url)
    held = make_comment(question, body="Words waiting for a moderator.", state="held")

    moderation.moderate(held, decision="approve", by=make_staff("Mo", group="Moderators"))

    # The readers who come while the new page renders are not kept waiting for it.
    state, page = get(question.url)
    assert (state, "Words waiting for a moderator." in page) == ("STALE", False)
    revalidations.wait()
    state, page = get(question.url)
    assert (state, "Words waiting for a moderator." in page) == ("HIT", True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_render_in_the_background_keeps_no_database_connection(committed_site, question):
    from django.db import connection

    cached(question.url)
    store.purge_paths([question.url], withdraw=False)
    opened = []
    original = revalidations.run

    def run_and_look(key, claim, render):
        original(key, claim, render)
        # Django never closes SQLite's in-memory test database: there is nothing to leak.
        kept_open = connection.vendor == "sqlite" and connection.is_in_memory_db()
        opened.append(connection.connection is not None and not kept_open)

    revalidations.run = run_and_look
    try:
        assert get(question.url)[0] == "STALE"
        revalidations.wait()
    finally:
        del revalidations.run
    assert opened == [False]
    assert get(question.url)[0] == "HIT"


class HeldPage(SlowPage):
    """Its renders after the first wait until the test lets them go."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.release = threading.Event()

    def __call__(self, environ, start_response):
        if self.renders:
            assert self.release.wait(30)
        return super().__call__(environ, start_response)


def test_many_readers_of_a_stale_page_start_one_render(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    page = HeldPage()
    application = PageCache(page)
    read_together(application, ["/popular/"])
    store.purge_paths(["/popular/"], withdraw=False)

    answers = read_together(application, ["/popular/"] * 6)  # the new copy is held meanwhile
    page.release.set()
    revalidations.wait()

    assert {headers["X-Cache"] for _status, headers, _content in answers} == {"STALE"}
    assert {content for _status, _headers, content in answers} == {b"render 1 of /popular/"}
    assert page.renders == 2
    assert read_together(application, ["/popular/"])[0][2] == b"render 2 of /popular/"


def test_a_page_another_process_is_rendering_is_left_to_it(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    page = SlowPage()
    application = PageCache(page)
    read_together(application, ["/popular/"])
    store.purge_paths(["/popular/"], withdraw=False)
    key = store.entry_key("http", "localhost", "/popular/", "")
    store.records().add(f"pagecache:revalidating:{key}", 12345, 60)  # its claim

    assert read_together(application, ["/popular/"] * 2)[0][1]["X-Cache"] == "STALE"
    revalidations.wait()

    assert page.renders == 1


class BrokenAfterTheChange(SlowPage):
    """Renders once; after the change it raises, or answers with Django's 500 page."""

    def __init__(self, how: str):
        super().__init__()
        self.how = how

    def __call__(self, environ, start_response):
        if not self.renders:
            return super().__call__(environ, start_response)
        with self.lock:
            self.renders += 1
        if self.how == "raises":
            raise RuntimeError("the new revision cannot be rendered")
        start_response("500 Internal Server Error", [("Content-Type", "text/html")])
        return [b"<h1>Server error</h1>"]


@pytest.mark.parametrize("how", ["raises", "answers 500"])
def test_a_render_that_fails_keeps_the_old_page_and_is_not_tried_for_every_reader(
    settings, monkeypatch, caplog, how
):
    settings.ALLOWED_HOSTS = ["localhost"]
    monkeypatch.setattr(wsgi, "REVALIDATE_CLAIM_SECONDS", 600)  # held for the whole test
    page = BrokenAfterTheChange(how)
    application = PageCache(page)
    read_together(application, ["/popular/"])
    store.purge_paths(["/popular/"], withdraw=False)

    with caplog.at_level(logging.ERROR, logger="plainly.pagecache.wsgi"):
        for _ in range(3):
            status, headers, content = read_together(application, ["/popular/"])[0]
            revalidations.wait()
            assert (status, headers["X-Cache"], content) == (
                "200 OK",
                "STALE",
                b"render 1 of /popular/",
            )

    assert page.renders == 2  # tried once; the claim holds the others back for a while
    if how == "raises":
        assert "Could not render a stale page afresh" in caplog.text


def test_a_reader_whose_process_has_not_heard_of_a_purge_gets_a_render_from_fresh_rows(
    settings,
):
    settings.ALLOWED_HOSTS = ["localhost"]
    rows = ["public"]

    def page(environ, start_response):
        # As a page reads the rows each process keeps until the next purge (kept_rows).
        shown = kept(("who may read",), lambda: rows[0])
        start_response("200 OK", [("Cache-Control", "public, s-maxage=600")])
        return [shown.encode()]

    application = PageCache(page)
    assert read_together(application, ["/kept/"])[0][2] == b"public"
    # Say the copy was dropped (or this is another page, not yet kept): nothing of it in any
    # cache, while the rows stay kept.
    key = store.entry_key("http", "localhost", "/kept/", "")
    store.memory._drop(key)
    store.cache().delete(key)
    # Another process restricts it: the shared records say so, and this process looked for
    # purges a moment before (so would not look again for half a second).
    rows[0] = "members only"
    now = time.time()
    purged = {store.purged_key("/kept/"): now, store.LAST_PURGE_KEY: now, store.LAST_WHOLE_KEY: now}
    store.records().set_many(purged)
    store.memory.synced_at = time.monotonic()

    assert read_together(application, ["/kept/"])[0][2] == b"members only"
    assert read_together(application, ["/kept/"])[0][2] == b"members only"


def test_an_old_copy_is_served_only_for_a_while_after_the_change(settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["localhost"]
    page = SlowPage()
    application = PageCache(page)
    read_together(application, ["/popular/"])
    store.purge_paths(["/popular/"], withdraw=False)
    store.records().add(  # a render that never ends holds the claim
        f"pagecache:revalidating:{store.entry_key('http', 'localhost', '/popular/', '')}", 1, 600
    )
    assert read_together(application, ["/popular/"])[0][1]["X-Cache"] == "STALE"

    later = time.time() + store.STALE_SECONDS + 1
    monkeypatch.setattr(store.time, "time", lambda: later)
    _status, headers, content = read_together(application, ["/popular/"])[0]

    assert (headers["X-Cache"], content) == ("MISS", b"render 2 of /popular/")


def test_a_withdrawal_after_a_refresh_is_never_served_stale(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    page = SlowPage()
    application = PageCache(page)
    read_together(application, ["/popular/"])

    store.purge_paths(["/popular/"], withdraw=False)
    store.purge_paths(["/popular/"])

    assert read_together(application, ["/popular/"])[0][1]["X-Cache"] == "MISS"


def test_a_head_request_for_a_stale_page_stores_the_whole_new_page(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    page = SlowPage()
    application = PageCache(page)
    read_together(application, ["/popular/"])
    store.purge_paths(["/popular/"], withdraw=False)

    answered = {}
    body = application(
        {**request("/popular/"), "REQUEST_METHOD": "HEAD", "HTTP_COOKIE": "theme=dark"},
        lambda status, headers, exc_info=None: answered.update(headers),
    )
    assert (answered["X-Cache"], b"".join(body)) == ("STALE", b"")
    revalidations.wait()

    assert read_together(application, ["/popular/"])[0][2] == b"render 2 of /popular/"


def test_kept_parts_of_a_page_are_rendered_afresh_after_a_refresh():
    fragment = Fragment("/korea/is-the-korean-war-over/", "discussion")
    fragment.get()
    fragment.keep("<p>Three comments.</p>")
    assert fragment.get() == "<p>Three comments.</p>"

    store.purge_paths([fragment.path], withdraw=False)

    assert fragment.get() is None


# Changes that take something away: the next reader never gets the page from before.


@pytest.fixture
def in_process(keep_the_test_connection, served_here):
    pass


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["spam", "remove"])
def test_a_comment_a_moderator_takes_down_is_gone_for_the_next_reader(
    in_process, question, committed, decision
):
    comment = make_comment(question, body="Buy cheap watches here.")
    cached(question.url)

    with committed():
        moderation.moderate(comment, decision=decision, by=make_staff("Mo", group="Moderators"))

    state, page = get(question.url)
    assert (state, "cheap watches" in page) == ("MISS", False)


@pytest.mark.django_db
def test_a_comment_its_author_deletes_is_gone_for_the_next_reader(in_process, question, committed):
    author = make_member("Regretful")
    comment = make_comment(question, author=author, body="Something I should not have said.")
    cached(question.url)

    with committed():
        posting.delete(comment, user=author)

    state, page = get(question.url)
    assert (state, "should not have said" in page) == ("MISS", False)


@pytest.mark.django_db
def test_a_comment_hidden_by_readers_flags_is_gone_for_the_next_reader(
    in_process, question, committed
):
    comment = make_comment(question, body="Words readers object to.")
    cached(question.url)

    with committed():
        for number in range(3):
            moderation.flag(comment, reader=f"reader-{number}", ip_hash=f"ip-{number}")

    comment.refresh_from_db()
    assert comment.state == Comment.State.APPROVED and comment.hidden_by_flags
    state, page = get(question.url)
    assert (state, "readers object to" in page) == ("MISS", False)


@pytest.mark.django_db
def test_an_unpublished_fact_is_never_shown_from_an_old_copy(in_process, committed):
    fact = make_fact(qualifier="about", value=34000)
    question = question_showing(make_topic(title="Korea"), fact)
    cached(question.url)
    assert "about 34,000" in get(question.url)[1].lower()

    with committed():
        fact.unpublish()

    state, page = get(question.url)
    assert (state, "34,000" in page) == ("MISS", False)


def test_a_process_finding_a_page_changed_elsewhere_forgets_the_rows_it_kept_first():
    loads = []
    kept(("a row",), lambda: loads.append("before"))
    path = "/changed-elsewhere/"
    key = store.entry_key("http", "localhost", path, "")
    now = time.time()
    store.cache().set(key, store.Entry("200 OK", [], b"old", now, now + 600), 600)
    # Another process refreshes the path: only the shared records say so, and this process
    # looked for purges a moment before (so would not look again for half a second).
    recorded = [store.refreshed_key(path), store.LAST_PURGE_KEY, store.LAST_WHOLE_KEY]
    store.records().set_many(dict.fromkeys(recorded, now + 1))
    store.memory.synced_at = time.monotonic()

    assert store.lookup(key, path)[1] == store.STALE
    # The render that follows reads the rows again, as they are after the change.
    kept(("a row",), lambda: loads.append("after"))
    assert loads == ["before", "after"]
