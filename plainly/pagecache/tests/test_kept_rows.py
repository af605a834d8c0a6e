"""Rows each process keeps until the next purge: the site, view restrictions, discussion rules
and the live page a path leads to.

A question page read again past the page cache then costs no query at all; any change to what is
kept reaches the next request, in this process at once and in others within a look at the shared
cache.
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from plainly.discussion.models import DiscussionSettings, Mode
from plainly.pagecache import kept_rows, purging, store
from plainly.pagecache.kept_rows import kept, kept_each, kept_own, kept_until_any_purge

pytestmark = pytest.mark.django_db


class Loads:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return self.count


def test_a_question_read_again_costs_no_query(client, question):
    client.get(question.url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(question.url)

    assert response.status_code == 200
    assert "Is the Korean War over?" in response.text
    assert len(queries) == 0, [query["sql"] for query in queries.captured_queries]


def test_a_process_keeps_a_bounded_number_of_rows():
    for number in range(kept_rows.MAX_KEPT * 3):
        assert kept(("live page", f"/topic/question-{number}/"), lambda n=number: n) == number

    assert len(kept_rows._rows.values) <= kept_rows.MAX_KEPT


def test_rows_every_page_reads_stay_kept_while_a_crawler_reads_page_after_page():
    site = Loads()
    for number in range(kept_rows.MAX_KEPT * 3):
        kept(("live page", f"/topic/question-{number}/"), lambda n=number: n)
        assert kept("the site", site) == 1

    assert kept(("live page", "/topic/question-0/"), lambda: "loaded again") == "loaded again"


def test_a_crawlers_stream_of_pages_never_pushes_out_the_rows_pages_share():
    """Each page's own rows (its route) are kept apart: however many pages a crawler reads,
    the rows many pages share stay, even those read now and then (a topic, every 50 pages)."""
    topic = Loads()
    kept_each([("topic", "0001")], lambda missing: {key: topic() for key in missing})
    for number in range(kept_rows.MAX_KEPT * 3):
        kept_own(("live page", f"/topic/question-{number}/"), lambda n=number: n)
        kept_own(("rewritten at", f"/topic/question-{number}/"), lambda: 0.0)  # its marks

    assert kept_each([("topic", "0001")], lambda missing: {key: topic() for key in missing}) == {
        ("topic", "0001"): 1
    }
    assert len(kept_rows._own_rows.values) <= kept_rows.MAX_KEPT


def test_rows_read_together_count_as_used():
    kept_each(["topic"], lambda missing: {key: "loaded" for key in missing})
    for number in range(kept_rows.MAX_KEPT - 1):
        kept(("row", number), lambda: None)
        if number % 50 == 0:  # read now and then, as a topic is by its questions' pages
            kept_each(["topic"], lambda missing: {key: "loaded again" for key in missing})
    for number in range(kept_rows.MAX_KEPT - 1, kept_rows.MAX_KEPT + 10):
        kept(("row", number), lambda: None)

    assert kept_each(["topic"], lambda missing: {key: "loaded again" for key in missing}) == {
        "topic": "loaded"
    }


def test_rows_kept_one_by_one_are_read_together_only_where_missing():
    asked = []

    def load(missing):
        asked.append(sorted(missing))
        return {key: key.upper() for key in missing if key != "gone"}

    assert kept_each(["a", "b"], load) == {"a": "A", "b": "B"}
    assert kept_each(["b", "c", "gone"], load) == {"b": "B", "c": "C", "gone": None}
    assert kept_each(["a", "c", "gone"], load) == {"a": "A", "c": "C", "gone": None}

    assert asked == [["a", "b"], ["c", "gone"]]


def test_a_purge_this_process_makes_is_heard_at_once():
    load = Loads()
    assert kept("rows", load) == kept("rows", load) == 1

    purging.purge({"/korea/": "http://localhost"})

    assert kept("rows", load) == 2


def test_a_purge_another_process_makes_is_heard_at_its_next_look():
    load = Loads()
    kept("rows", load)

    purged = dict.fromkeys([store.LAST_PURGE_KEY, store.LAST_WHOLE_KEY], time.time() + 1)
    store.records().set_many(purged, None)  # another process purged whole pages
    store.memory.synced_at = time.monotonic()  # as if this process had just looked
    assert kept("rows", load) == 1  # it looks twice a second, not on every call
    store.memory.synced_at = 0.0  # as half a second later

    assert kept("rows", load) == 2


def test_a_purge_of_only_the_discussion_keeps_the_rows_not_the_records_of_purges():
    rows, marks = Loads(), Loads()
    kept("rows", rows)
    kept_until_any_purge("marks", marks)

    purging.refresh({"/korea/": "http://localhost"}, only=("discussion",))  # a new comment
    assert (kept("rows", rows), kept_until_any_purge("marks", marks)) == (1, 2)
    store.records().set(store.LAST_PURGE_KEY, time.time() + 1, None)  # another process's
    store.memory.synced_at = 0.0

    assert (kept("rows", rows), kept_until_any_purge("marks", marks)) == (1, 3)


def test_an_emptied_shared_cache_makes_a_process_forget_once_not_at_each_look():
    load = Loads()
    kept("rows", load)

    store.records().delete(store.LAST_PURGE_KEY)  # the shared cache restarted, empty
    store.memory.synced_at = 0.0
    assert kept("rows", load) == 2
    store.memory.synced_at = 0.0  # half a second later: the record it wrote is no purge

    assert kept("rows", load) == 2


def test_a_cache_that_cannot_be_asked_keeps_nothing(monkeypatch):
    def broken():
        raise ConnectionError("cache down")

    load = Loads()
    monkeypatch.setattr(store, "records", broken)  # where purges are heard of
    store.memory.synced_at = 0.0

    assert [kept("rows", load) for _ in range(3)] == [1, 2, 3]


def test_a_renamed_site_shows_on_the_next_page(
    client, question, django_capture_on_commit_callbacks
):
    client.get(question.url)
    site = Site.objects.get(is_default_site=True)

    with django_capture_on_commit_callbacks(execute=True):
        site.site_name = "Korea Explained"
        site.save()

    assert "Korea Explained" in client.get(question.url).text


def test_closing_the_discussion_shows_on_the_next_page(
    client, question, django_capture_on_commit_callbacks
):
    assert 'id="comment-form"' in client.get(question.url).text

    with django_capture_on_commit_callbacks(execute=True):
        rules = DiscussionSettings.for_site(Site.objects.get(is_default_site=True))
        rules.mode = Mode.CLOSED
        rules.save()

    assert 'id="comment-form"' not in client.get(question.url).text


def test_a_new_view_restriction_applies_to_the_next_request(
    client, question, django_capture_on_commit_callbacks
):
    assert client.get(question.url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=question, restriction_type="login")

    response = client.get(question.url)
    assert response.status_code == 302
    assert response["Location"].endswith("?next=/korea/is-the-korean-war-over/")


def test_a_renamed_topic_shows_in_search_results_and_on_home_at_once(
    client, question, django_capture_on_commit_callbacks
):
    assert "Korea" in client.get("/search/", {"q": "Korean"}).text
    assert "Korea" in client.get("/").text

    topic = question.get_parent().specific
    topic.title = "The Korean peninsula"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save_revision().publish()

    assert "The Korean peninsula" in client.get("/search/", {"q": "Korean"}).text
    assert "The Korean peninsula" in client.get("/").text
