"""The page cache, through the WSGI application a server runs: what it shares, and when it forgets.

Requests go to ``plainly.wsgi.application`` itself, the page cache in front of Django, so a hit
here is exactly what a reader gets from ``plainly serve``.
"""

import time

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from plainly.accounts.membership import delete_member
from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion import moderation, posting
from plainly.discussion.models import Comment, DiscussionSettings
from plainly.discussion.tests.factories import make_comment
from plainly.pagecache import store
from plainly.questions.tests.factories import home_page, make_question, make_topic
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db


class Response:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status_code = int(status.split()[0])
        self.headers = {name.lower(): value for name, value in headers}
        self.text = body.decode("utf-8", "replace")

    @property
    def cache(self) -> str | None:
        return self.headers.get("x-cache")


def get(path: str, *, method: str = "GET", query: str = "", **headers: str) -> Response:
    """Send one request to the WSGI application; ``headers`` as WSGI names (HTTP_COOKIE=...)."""
    status, response_headers, content = call_wsgi(path, method=method, query=query, **headers)
    return Response(f"{status} -", list(response_headers.items()), content)


@pytest.fixture(autouse=True)
def served_in_process(keep_the_test_connection, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]


def signed_in_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def test_a_reader_gets_the_second_view_from_the_cache(question):
    first = get(question.url)
    second = get(question.url)

    assert (first.status_code, first.cache) == (200, "MISS")
    assert (second.status_code, second.cache) == (200, "HIT")
    assert second.text == first.text
    assert "Is the Korean War over?" in second.text
    assert "public" in second.headers["cache-control"]
    assert "s-maxage=600" in second.headers["cache-control"]
    assert second.headers["etag"] == first.headers["etag"]
    assert "last-modified" in second.headers


@pytest.mark.parametrize("which", ["home", "topic", "feed", "sitemap"])
def test_home_topic_feeds_and_sitemap_are_cached_too(question, which):
    path = {
        "home": "/",
        "topic": question.get_parent().url,
        "feed": "/feeds/latest.atom",
        "sitemap": "/sitemap.xml",
    }[which]

    assert get(path).cache == "MISS"
    assert get(path).cache == "HIT"


def test_conditional_requests_get_304_with_no_body(question):
    etag = get(question.url).headers["etag"]  # from Django
    from_django_again = get(question.url, HTTP_IF_NONE_MATCH=etag)
    assert from_django_again.status_code == 304

    hit = get(question.url, HTTP_IF_NONE_MATCH=f'"other", {etag}')
    assert (hit.status_code, hit.cache, hit.text) == (304, "HIT", "")
    assert hit.headers["etag"] == etag

    changed = get(question.url, HTTP_IF_NONE_MATCH='"not-the-page"')
    assert (changed.status_code, changed.cache) == (200, "HIT")

    last_modified = changed.headers["last-modified"]
    assert get(question.url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert (
        get(question.url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200
    )


def test_members_always_get_a_fresh_personal_page(question):
    cookie = signed_in_cookie(make_member("Ada Visible"))
    get(question.url)  # cached for readers

    for _ in range(2):
        member = get(question.url, HTTP_COOKIE=cookie)
        assert member.status_code == 200
        assert member.cache is None
        assert "Ada Visible" in member.text
        assert "private" in member.headers["cache-control"]
        assert "public" not in member.headers["cache-control"]

    reader = get(question.url)
    assert reader.cache == "HIT"
    assert "Ada Visible" not in reader.text


def test_a_members_page_never_reaches_the_cache(question):
    cookie = signed_in_cookie(make_member("Grace Private"))
    get(question.url, HTTP_COOKIE=cookie)  # first, before any reader

    reader = get(question.url)
    assert reader.cache == "MISS"
    assert "Grace Private" not in reader.text


def test_staff_get_wagtails_user_bar_and_readers_never_do(question):
    staff = get(question.url, HTTP_COOKIE=signed_in_cookie(make_staff("Erin", group="Editors")))
    assert "<wagtail-userbar>" in staff.text
    assert f"/admin/pages/{question.pk}/edit/" in staff.text
    assert "public" not in staff.headers["cache-control"]

    for expected in ("MISS", "HIT"):
        reader = get(question.url)
        assert reader.cache == expected
        assert "wagtail-userbar" not in reader.text
        assert "/admin/" not in reader.text


def test_the_cached_page_holds_no_csrf_token_and_sets_no_cookie(question):
    get(question.url)
    hit = get(question.url)

    assert 'name="csrfmiddlewaretoken" value=""' in hit.text
    assert "set-cookie" not in hit.headers


@pytest.mark.parametrize(
    "cookie", ["csrftoken=abc", "messages=xyz", "sessionid=junk", 'sessionid="']
)
def test_requests_with_a_personal_cookie_pass_the_cache(question, cookie):
    get(question.url)

    passed = get(question.url, HTTP_COOKIE=f"theme=dark; {cookie}")
    assert passed.status_code == 200
    assert passed.cache is None


def test_other_cookies_share_the_cached_page(question):
    get(question.url)

    assert get(question.url, HTTP_COOKIE="_ga=GA1.2.3; theme=dark").cache == "HIT"


def test_a_preview_is_never_cached_or_served_to_readers(client, question):
    client.force_login(make_staff("Erin", group="Editors"))
    get(question.url)
    draft = question.get_latest_revision_as_object()
    draft.title = "A secret draft title?"
    draft.save_revision()

    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[question.pk]))
    assert "A secret draft title?" in preview.text
    assert "public" not in preview["Cache-Control"]

    for _ in range(2):
        reader = get(question.url)
        assert "A secret draft title?" not in reader.text
    assert get(question.url).cache == "HIT"


def test_publishing_an_edit_refreshes_the_page_its_topic_home_and_feeds(question, committed):
    topic = question.get_parent()
    paths = [question.url, topic.url, "/", "/feeds/latest.atom", f"/feeds/topics/{topic.slug}.atom"]
    for path in paths:
        get(path)
        assert get(path).cache == "HIT"

    edited = question.get_latest_revision_as_object()
    edited.title = "Has the Korean War ended?"
    with committed():
        edited.save_revision().publish()

    for path in paths:
        # The next reader waits for no render: the old copy, which nothing else may keep, while
        # the new one renders (here in the request's own thread, after the answer is made).
        stale = get(path)
        assert (stale.status_code, stale.cache) == (200, "STALE"), path
        assert "Has the Korean War ended?" not in stale.text, path
        assert stale.headers["cache-control"] == "no-store", path
        fresh = get(path)
        assert fresh.cache == "HIT", path
        assert "Has the Korean War ended?" in fresh.text, path
        assert "s-maxage=" in fresh.headers["cache-control"], path


def test_a_change_leaves_other_pages_in_the_cache(question, committed):
    other = make_question(make_topic(title="Space"), title="Why is the sky blue?")
    get(other.url)

    edited = question.get_latest_revision_as_object()
    edited.title = "Has the Korean War ended?"
    with committed():
        edited.save_revision().publish()

    assert get(other.url).cache == "HIT"


def test_unpublishing_purges_the_page_and_the_lists(question, committed):
    topic = question.get_parent()
    for path in [question.url, topic.url, "/"]:
        get(path)

    question.refresh_from_db()
    with committed():
        question.unpublish()

    assert get(question.url).status_code == 404
    assert "Is the Korean War over?" not in get(topic.url).text
    assert "Is the Korean War over?" not in get("/").text


@pytest.mark.parametrize("take_down", ["unpublish", "delete"])
def test_a_question_taken_down_leaves_the_related_questions_of_cached_pages(
    question, committed, take_down
):
    elsewhere = make_question(make_topic(title="History"), title="When did the Korean War start?")
    assert "Is the Korean War over?" in get(elsewhere.url).text  # listed as related, and kept

    question.refresh_from_db()
    with committed():
        getattr(question, take_down)()

    assert "Is the Korean War over?" not in get(elsewhere.url).text


def test_moving_purges_both_places(question, committed):
    old_topic = question.get_parent()
    new_topic = make_topic(title="History")
    old_url = question.url
    for path in [old_url, old_topic.url, new_topic.url]:
        get(path)

    question.refresh_from_db()
    with committed():
        question.move(new_topic, pos="last-child")

    question.refresh_from_db()
    moved_away = get(old_url)  # Wagtail leaves a redirect to the new place
    assert (moved_away.status_code, moved_away.headers["location"]) == (301, question.url)
    assert "Is the Korean War over?" not in get(old_topic.url).text
    assert "Is the Korean War over?" in get(new_topic.url).text
    assert get(question.url).status_code == 200


def test_deleting_purges_the_page(question, committed):
    topic = question.get_parent()
    old_url = question.url
    for path in [old_url, topic.url]:
        get(path)

    question.refresh_from_db()
    with committed():
        question.delete()

    assert get(old_url).status_code == 404
    assert "Is the Korean War over?" not in get(topic.url).text


def test_restricting_a_topic_to_members_drops_its_pages_from_the_cache(question, committed):
    topic = question.get_parent()
    for path in [question.url, topic.url]:
        get(path)
        assert get(path).cache == "HIT"

    with committed():
        PageViewRestriction.objects.create(page=topic, restriction_type=PageViewRestriction.LOGIN)

    for path in [question.url, topic.url]:
        response = get(path)
        assert response.status_code == 302, path  # to sign in
        assert "Is the Korean War over?" not in response.text


def test_approving_editing_and_removing_a_comment_purge_the_page(question, committed):
    moderator = make_staff("Mo", group="Moderators")
    held = make_comment(question, body="A held thought on the armistice.", state=Comment.State.HELD)
    get(question.url)
    assert "held thought" not in get(question.url).text

    with committed():
        moderation.moderate(held, decision="approve", by=moderator)
    assert get(question.url).cache == "STALE"  # an approved comment may show a moment late
    assert "held thought" in get(question.url).text

    author = make_member("Writer")
    own = make_comment(question, author=author, body="My first words.")
    get(question.url)
    assert get(question.url).cache == "HIT"
    with committed():
        posting.edit(own, body="My better words.", user=author, rules=DiscussionSettings())
    # An edit may take words back: the old page is never served again.
    assert "My better words." in get(question.url).text

    get(question.url)
    assert get(question.url).cache == "HIT"
    with committed():
        moderation.moderate(held, decision="remove", by=moderator)
    removed = get(question.url)
    assert (removed.cache, "held thought" in removed.text) == ("MISS", False)


def test_a_new_comment_shows_at_once_without_touching_other_pages(question, committed):
    other = make_question(question.get_parent(), title="Did the war end in 1953?")
    get(question.url)
    get(other.url)

    fresh = make_comment(question, body="Fresh words from a reader.", state=Comment.State.HELD)
    with committed():
        moderation.moderate(fresh, decision="approve", by=make_staff("Mo", group="Moderators"))

    assert get(question.url).cache == "STALE"
    assert "Fresh words from a reader." in get(question.url).text
    assert get(other.url).cache == "HIT"


def test_a_member_renamed_or_gone_leaves_no_old_name_in_cached_pages(client, question, committed):
    member = make_member("Oldname")
    make_comment(question, author=member, body="Words by a member.")
    assert "Oldname" in get(question.url).text
    assert get(question.url).cache == "HIT"

    client.force_login(member)
    with committed():
        client.post(reverse("account"), {"display_name": "Newname"})
    # Django's test client connects close_old_connections again when it is done; requests sent
    # straight to the WSGI app below must not close the test's connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    page = get(question.url).text
    assert "Newname" in page and "Oldname" not in page

    with committed():
        delete_member(member, keep_comments=False)
    assert "Words by a member." not in get(question.url).text


def test_a_purge_by_another_process_reaches_this_one_at_its_next_sync(question, monkeypatch):
    get(question.url)
    assert get(question.url).cache == "HIT"  # from this process's memory

    # Another process purges: it writes the marker and the time of the last purge, and nothing
    # reaches this process's memory directly.
    now = time.time()
    store.records().set_many({store.purged_key(question.url): now, store.LAST_PURGE_KEY: now})
    assert get(question.url).cache == "HIT"  # not looked for yet: within SYNC_SECONDS

    clock = time.monotonic() + store.SYNC_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: clock)
    assert get(question.url).cache == "MISS"  # the first request after the interval looks
    assert store.SYNC_SECONDS <= 0.5  # so a new comment reaches every process within a second


def test_a_page_rendered_before_a_purge_this_process_knows_of_is_not_served(question):
    path = question.url
    key = store.entry_key("http", "localhost", path, "")
    started = time.time()
    # While the page renders, another process purges its path, and this process hears of it.
    purged = started + 1
    store.records().set_many({store.purged_key(path): purged, store.LAST_PURGE_KEY: purged})
    store.memory.synced_at = 0.0
    store.memory._sync()
    # The render ends and is stored: what it shows predates the purge.
    old = store.Entry("200 OK", [], b"before the purge", rendered_at=started, expires_at=purged)
    store.save(key, old, 600)

    assert store.lookup(key, path) is None


def test_closing_the_discussion_site_wide_reaches_cached_pages(question, committed):
    assert "Comments are closed" not in get(question.url).text
    assert get(question.url).cache == "HIT"

    rules = DiscussionSettings.for_site(Site.objects.get(is_default_site=True))
    rules.mode = "closed"
    with committed():
        rules.save()

    assert "Comments are closed" in get(question.url).text


# Bad input: none of it poisons the cache, reaches another reader, or gives a 500.


def test_a_foreign_host_gets_400_and_is_never_stored(question):
    for _ in range(2):
        response = get(question.url, HTTP_HOST="evil.example")
        assert response.status_code == 400
        assert response.cache is None
    assert get(question.url).cache == "MISS"


def test_the_host_is_part_of_the_key(question, settings):
    settings.ALLOWED_HOSTS = ["localhost", "www.localhost"]
    get(question.url)

    assert get(question.url, HTTP_HOST="www.localhost").cache == "MISS"
    assert get(question.url, HTTP_HOST="LOCALHOST").cache == "HIT"


def test_a_host_with_a_port_of_its_own_gets_the_page_but_makes_no_copy(question, settings):
    settings.BASE_URL = "http://localhost:8000"
    before = stored_entries()

    for port in (1, 2, 65535):
        response = get(question.url, HTTP_HOST=f"localhost:{port}")
        assert response.status_code == 200 and response.cache is None
    assert stored_entries() == before
    assert get(question.url, HTTP_HOST="localhost:8000").cache == "MISS"  # the site's own
    assert get(question.url, HTTP_HOST="localhost:8000").cache == "HIT"


@pytest.mark.parametrize("path", ["/feeds/latest.atom", "/sitemap.xml"])
def test_feeds_and_the_sitemap_with_a_query_are_kept_by_no_shared_cache(question, path):
    assert "public" in get(path).headers["cache-control"]

    for query in ("page=2", "comments=3&order=newest", "x=1"):
        response = get(path, query=query)
        assert response.status_code == 200
        assert response.cache != "HIT"
        assert "private" in response.headers["cache-control"]


@pytest.mark.parametrize(
    "query",
    [
        "nocache=1",
        "page=abc",
        "page=" + "9" * 50,
        "x=" + "y" * 5000,
        "comments=1&comments=2%00",
        "%ff=%fe",
    ],
)
def test_unknown_or_odd_query_strings_pass_the_cache(question, query):
    get(question.url)

    response = get(question.url, query=query)
    assert response.status_code in (200, 400)
    assert response.cache is None


def test_tracking_parameters_share_the_page(question):
    get(question.url)

    assert get(question.url, query="utm_source=news&utm_medium=mail&fbclid=abc").cache == "HIT"


def test_comment_pages_are_cached_apart(question):
    for n in range(60):
        make_comment(question, body=f"Comment number {n}.")
    first = get(question.url)
    second_page = get(question.url, query="comments=2")

    assert second_page.cache == "MISS"
    assert second_page.text != first.text
    assert get(question.url, query="comments=2").cache == "HIT"


def stored_entries() -> int:
    """How many copies of pages the shared page cache holds (in this process's memory, or in
    Redis under the tests' own prefix)."""
    cache = store.cache()
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client()
        return sum(1 for _ in client.scan_iter(match=f"{cache.key_prefix}:*:entry:*"))
    return sum(1 for key in cache._cache if ":entry:" in key)


@pytest.mark.parametrize(
    "query",
    [
        "order=abcd",  # a junk value of a parameter the page reads
        "order=zzzz",
        "comments=02",  # a page number no link of the site writes
        "comments=9999",  # past the last page: the last page is shown
        "comments=0",
        "order=newest&order=oldest",  # a parameter given twice
        "page=2",  # a parameter a question page does not read
    ],
)
def test_junk_queries_make_no_entry_in_any_shared_cache(question, query):
    get(question.url)
    before = stored_entries()

    for _ in range(2):
        response = get(question.url, query=query)
        assert response.status_code == 200
        assert response.cache != "HIT"  # rendered each time: nothing was kept
        assert "private" in response.headers["cache-control"]  # nor kept by Varnish
    assert stored_entries() == before


def test_a_repeated_order_never_gets_a_copy_made_for_another_order(question):
    for n in range(3):
        make_comment(question, body=f"Comment number {n}.")
    newest = get(question.url, query="order=newest")
    oldest = get(question.url, query="order=oldest")
    assert get(question.url, query="order=newest").cache == "HIT"

    # Django takes the last of repeated values, as a reader's browser would have meant it.
    for query, expected in [
        ("order=oldest&order=newest", newest),
        ("order=newest&order=oldest", oldest),
    ]:
        response = get(question.url, query=query)
        assert response.cache is None
        assert comment_order(response) == comment_order(expected)


def comment_order(response: Response) -> list[str]:
    return [line for line in response.text.split("\n") if "Comment number" in line]


def test_a_topic_page_past_its_last_is_shown_but_never_kept(question):
    topic_url = question.get_parent().url
    response = get(topic_url, query="page=99")
    assert response.status_code == 200
    assert "private" in response.headers["cache-control"]
    assert (
        get(topic_url, query="page=99").cache is None
        or get(topic_url, query="page=99").cache == "MISS"
    )


@pytest.mark.parametrize(
    "path", ["/" + "a" * 5000 + "/", "/%00/", "/..%2f..%2fetc/passwd", "/ünïcode/", "/a//b/"]
)
def test_odd_paths_get_a_page_never_a_500(question, path):
    for _ in range(2):
        assert get(path).status_code in (200, 301, 400, 404)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": "x" * 10000},
        {"HTTP_IF_NONE_MATCH": '"unterminated'},
        {"HTTP_IF_MODIFIED_SINCE": "yesterday"},
        {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 20001 99:99:99 GMT"},
        {"HTTP_COOKIE": "=; ;;==; " + "a" * 9000},
        {"HTTP_COOKIE": "\x00\xff"},
        {"HTTP_AUTHORIZATION": "Basic Zm9vOmJhcg=="},
    ],
)
def test_odd_headers_never_poison_the_cache_or_give_a_500(question, headers):
    get(question.url)
    for _ in range(2):
        assert get(question.url, **headers).status_code in (200, 304)
    assert get(question.url).cache == "HIT"


def test_head_requests_get_headers_only(question):
    get(question.url)

    head = get(question.url, method="HEAD")
    assert (head.status_code, head.cache, head.text) == (200, "HIT", "")


def test_post_never_uses_the_cache(question):
    get(question.url)

    assert get(question.url, method="POST").cache is None


def test_a_cache_outage_serves_pages_without_it(question, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(store, "lookup", broken)

    response = get(question.url)
    assert response.status_code == 200
    assert "Is the Korean War over?" in response.text
    assert "Page cache unavailable" in caplog.text


def test_the_page_cache_can_be_turned_off(question, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(question.url)

    response = get(question.url)
    assert response.cache is None
    assert "public" not in response.headers["cache-control"]


def test_a_page_of_the_home_is_found_by_routing_too(question):
    # The home page itself is routed by Wagtail, with no path components.
    assert home_page().url == "/"
    assert get("/").status_code == 200
