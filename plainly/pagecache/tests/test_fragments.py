"""Kept parts of question pages: renders past the page cache reuse them, never stale or personal.

Requests here go through Django's test client, past the page cache, as a member's request or a
reader's first view of a page would.
"""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion import moderation
from plainly.discussion.models import Comment
from plainly.discussion.tests.factories import make_comment
from plainly.pagecache import store
from plainly.pagecache.fragments import Fragment
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    question = make_question(make_topic(title="Korea"), title="Is the Korean War over?")
    for number in range(3):
        make_comment(question, body=f"Reader comment number {number}.")
    return question


def queries_for(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_second_render_reuses_the_kept_parts_and_is_the_same_page(client, question):
    first_queries, first = queries_for(client, question.url)
    second_queries, second = queries_for(client, question.url)

    assert second == first
    assert "Reader comment number 2." in second
    assert "Is the Korean War over?" in second
    # The article (facts, FAQs, sources, related, topic) and the discussion come from the cache.
    assert second_queries <= first_queries - 5


def test_an_approved_comment_reaches_the_next_render(client, question, committed):
    client.get(question.url)
    held = make_comment(question, body="A held thought.", state=Comment.State.HELD)
    with committed():
        moderation.moderate(held, decision="approve", by=make_staff("Mo", group="Moderators"))

    assert "A held thought." in client.get(question.url).text


def test_a_published_revision_reaches_members_and_readers(client, question, committed):
    member = Client()
    member.force_login(make_member("Mina"))
    client.get(question.url)
    member.get(question.url)

    edited = question.get_latest_revision_as_object()
    edited.short_answer = "Not formally: an armistice holds."
    with committed():
        edited.save_revision().publish()

    assert "an armistice holds" in client.get(question.url).text
    assert "an armistice holds" in member.get(question.url).text


def test_a_members_own_links_never_reach_readers_and_readers_parts_never_hide_them(
    client, question
):
    author = make_member("Writer")
    make_comment(question, author=author, body="Words of my own.")
    client.get(question.url)  # a reader's render is kept

    member = Client()
    member.force_login(author)
    own = member.get(question.url).text
    assert "Words of my own." in own
    assert ">Edit</a>" in own
    assert 'name="csrfmiddlewaretoken" value=""' not in own.split('id="comment-form"')[1][:600]

    reader = client.get(question.url).text
    assert "Words of my own." in reader
    assert ">Edit</a>" not in reader


def test_a_preview_is_never_kept_nor_shown_from_kept_parts(client, question):
    editor = Client()
    editor.force_login(make_staff("Erin", group="Editors"))
    client.get(question.url)
    draft = question.get_latest_revision_as_object()
    draft.short_answer = "A secret draft answer."
    draft.save_revision()

    preview = editor.get(reverse("wagtailadmin_pages:view_draft", args=[question.pk]))
    assert "A secret draft answer." in preview.text

    assert "A secret draft answer." not in client.get(question.url).text
    assert "A secret draft answer." not in editor.get(question.url).text


def test_pages_and_orders_of_comments_are_kept_apart(client, question):
    oldest = client.get(question.url + "?order=oldest").text
    newest = client.get(question.url + "?order=newest").text
    assert oldest.index("number 0.") < oldest.index("number 2.")
    assert newest.index("number 2.") < newest.index("number 0.")
    assert client.get(question.url + "?order=oldest").text == oldest


@pytest.fixture
def kept(monkeypatch) -> list[str]:
    """The names of the fragments kept during the test."""
    names = []
    keep = Fragment.keep

    def recording(fragment, value):
        names.append(fragment.name)
        keep(fragment, value)

    monkeypatch.setattr(Fragment, "keep", recording)
    return names


@pytest.mark.parametrize("number", ["999", "0", "x", "12345678901"])
def test_a_page_of_comments_that_does_not_exist_is_not_kept(client, question, number, kept):
    response = client.get(question.url + f"?comments={number}")

    assert response.status_code == 200
    assert "Reader comment number 0." in response.text
    assert [name for name in kept if name.startswith("discussion")] == []


def test_an_existing_page_of_comments_is_kept(client, question, kept):
    client.get(question.url + "?comments=1&order=newest")
    assert [name for name in kept if name.startswith("discussion")] == ["discussion:newest:1:open"]


def test_a_cache_outage_still_renders_the_page(client, question, monkeypatch, caplog):
    def broken():
        raise ConnectionError("cache down")

    monkeypatch.setattr(store, "cache", broken)

    response = client.get(question.url)
    assert response.status_code == 200
    assert "Reader comment number 2." in response.text
    assert "Fragment cache unreachable" in caplog.text


class CountedCache:
    """A shared cache, noting each key read (bar the look for purges, twice a second)."""

    def __init__(self, cache):
        self.cache, self.read = cache, []

    def get(self, key, default=None):
        if key != store.LAST_PURGE_KEY:
            self.read.append(key)
        return self.cache.get(key, default)

    def get_many(self, keys):
        self.read.extend(keys)
        return self.cache.get_many(keys)

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_a_fragment_read_again_before_any_purge_costs_no_read(monkeypatch):
    fragment = Fragment("/korea/is-the-korean-war-over/", "article")
    fragment.get()
    fragment.keep({"body": "<p>The answer.</p>"})
    counted = CountedCache(store.cache())
    monkeypatch.setattr(store, "cache", lambda: counted)
    counted_records = CountedCache(store.records())
    counted_records.read = counted.read  # one list: every read of either store
    monkeypatch.setattr(store, "records", lambda: counted_records)

    # This process keeps it in its memory tier, beside whole pages.
    assert fragment.get() == {"body": "<p>The answer.</p>"}
    assert counted.read == []
    fragment.get()["body"] = "changed by one request"  # each request gets its own copy
    assert fragment.get() == {"body": "<p>The answer.</p>"}

    # A process without a copy (or past its memory's budget) reads the shared cache once.
    store.memory.entries.clear()
    store.memory.size = 0
    assert fragment.get() == {"body": "<p>The answer.</p>"}
    assert counted.read == [fragment.key]

    store.purge_paths([fragment.path])  # this process purges: it reads the markers again

    assert fragment.get() is None
    assert store.purged_key(fragment.path) in counted.read


def test_a_fragment_kept_in_memory_goes_stale_when_another_process_purges(monkeypatch):
    fragment = Fragment("/korea/is-the-korean-war-over/", "discussion")
    fragment.get()
    fragment.keep("<p>Three comments.</p>")
    assert fragment.get() == "<p>Three comments.</p>"

    # Another process approves a comment: it records the purge in the shared cache only.
    store.records().set(store.purged_key(fragment.path), time.time() + 1, None)
    store.records().set(store.LAST_PURGE_KEY, time.time() + 1, None)
    monkeypatch.setattr(store.memory, "synced_at", 0.0)  # the next look for purges is due

    assert fragment.get() is None


def test_a_fragment_read_late_in_its_life_is_kept_no_longer_than_its_purge_records(
    settings, monkeypatch
):
    # A purge record lasts PAGE_CACHE_SECONDS + 60 from the purge; a copy kept in memory for
    # longer than its render's lifetime could outlive the record that makes it stale.
    rendered = 1_000_000.0
    clock = [rendered]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    fragment = Fragment("/korea/is-the-korean-war-over/", "article")
    fragment.get()
    fragment.keep({"body": "<p>The answer.</p>"})
    store.memory.entries.clear()  # another process, which has only the shared copy
    store.memory.size = 0

    clock[0] = rendered + settings.PAGE_CACHE_SECONDS - 10
    assert fragment.get() == {"body": "<p>The answer.</p>"}

    clock[0] = rendered + settings.PAGE_CACHE_SECONDS + 1
    assert store.memory.get(fragment.key, fragment.path) is None
