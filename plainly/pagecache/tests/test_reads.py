"""How often each page is read: counted whoever answered it, crawlers and non-pages left out,
and nothing of any reader kept."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from plainly.pagecache import count_varnish_line, flush_reads, most_read
from plainly.pagecache.models import PageRead
from plainly.pagecache.reads import add
from plainly.serving import logs
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
ADDRESS = "198.51.100.23"


@pytest.fixture(autouse=True)
def served_in_process(keep_the_test_connection, settings):
    settings.ALLOWED_HOSTS = ["localhost"]


def read(path: str, *, agent: str = BROWSER, **environ) -> tuple[int, dict]:
    status, headers, _body = call_wsgi(path, HTTP_USER_AGENT=agent, REMOTE_ADDR=ADDRESS, **environ)
    return status, headers


def stored_reads() -> dict[str, int]:
    """What the requests so far added to the database, by path (today's)."""
    logs.flush()  # the access log tells the counts of every request that ended
    flush_reads()
    return dict(PageRead.objects.filter(day=timezone.localdate()).values_list("path", "reads"))


def test_reads_are_counted_whether_the_page_cache_or_django_answered(question):
    answered_by = [read(question.url)[1]["X-Cache"] for _ in range(3)]
    read(question.url, QUERY_STRING="utm_source=newsletter")

    assert answered_by == ["MISS", "HIT", "HIT"]
    assert stored_reads() == {question.url: 4}
    # The next flush adds to the count; it does not write it afresh.
    read(question.url)
    assert stored_reads() == {question.url: 5}


@pytest.mark.parametrize(
    ("path", "method", "agent"),
    [
        ("{question}", "GET", "Mozilla/5.0 (compatible; Googlebot/2.1)"),
        ("{question}", "GET", "python-requests/2.32"),
        ("{question}", "GET", ""),  # a script that says nothing of itself
        ("{question}", "HEAD", BROWSER),
        ("/no-such-page/", "GET", BROWSER),  # a 404
        ("/robots.txt", "GET", BROWSER),  # not a page
        ("/search/", "GET", BROWSER),  # a search, not a page
    ],
)
def test_crawlers_scripts_and_what_is_not_a_page_are_not_counted(question, path, method, agent):
    call_wsgi(path.format(question=question.url), method=method, HTTP_USER_AGENT=agent)

    assert stored_reads() == {}


def test_nothing_of_the_reader_is_kept(question):
    read(question.url, HTTP_DNT="1", HTTP_SEC_GPC="1")
    read(question.url)
    assert stored_reads() == {question.url: 2}

    # The table holds a path, a day and a number; neither the address nor the user agent is
    # anywhere in it.
    assert {field.name for field in PageRead._meta.fields} == {"id", "path", "day", "reads"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {PageRead._meta.db_table}")  # noqa: S608 - our name
        stored = repr(cursor.fetchall())
    assert ADDRESS not in stored and "Firefox" not in stored


def test_counts_added_again_add_to_those_stored():
    today = timezone.localdate()
    add(Counter({("/a/", today): 3, ("/b/", today): 1}))
    add(Counter({("/a/", today): 2}))

    assert most_read(1) == [("/a/", 5), ("/b/", 1)]


def test_most_read_looks_back_the_days_asked_for():
    today = timezone.localdate()
    add(
        Counter({
            ("/old-favourite/", today - datetime.timedelta(days=10)): 100,
            ("/this-week/", today - datetime.timedelta(days=3)): 7,
            ("/today/", today): 5,
        })
    )  # fmt: skip

    assert most_read(1) == [("/today/", 5)]
    assert most_read(7) == [("/this-week/", 7), ("/today/", 5)]
    assert most_read(30, limit=2) == [("/old-favourite/", 100), ("/this-week/", 7)]
    assert most_read(30, paths=["/today/"]) == [("/today/", 5)]


@pytest.mark.parametrize(
    ("line", "counted"),
    [
        (f"hit\tGET\t200\t/korea/\ttext/html; charset=utf-8\t{BROWSER}\n", 1),
        # Passed on, or missed: the server behind Varnish answered, and counted it.
        (f"miss\tGET\t200\t/korea/\ttext/html; charset=utf-8\t{BROWSER}\n", 0),
        (f"pass\tGET\t200\t/korea/\ttext/html; charset=utf-8\t{BROWSER}\n", 0),
        ("hit\tGET\t200\t/korea/\ttext/html; charset=utf-8\t-\n", 0),  # no user agent
        (f"hit\tGET\t200\t/sitemap.xml\tapplication/xml\t{BROWSER}\n", 0),
        (f"hit\tGET\t404\t/korea/\ttext/html\t{BROWSER}\n", 0),
        ("hit\tGET\t200\t/korea/\ttext/html\tMozilla/5.0 (compatible; bingbot/2.0)\n", 0),
        ("a line of something else entirely\n", 0),
        (f"hit\tGET\tOK\t/korea/\ttext/html\t{BROWSER}\n", 0),
    ],
)
def test_varnishs_own_answers_are_counted_from_its_log(line, counted):
    count_varnish_line(line)

    assert stored_reads() == ({"/korea/": 1} if counted else {})


def test_addresses_outside_ascii_are_counted_as_the_page_names_them():
    # PATH_INFO holds the address's UTF-8 bytes as Latin-1; Varnish logs it percent-encoded.
    from plainly.pagecache import count_reads

    count_reads([("GET", "/caf\xc3\xa9/", 200, False, True, BROWSER, 0.01)])
    count_varnish_line(f"hit\tGET\t200\t/caf%C3%A9/\ttext/html\t{BROWSER}\n")

    assert stored_reads() == {"/café/": 2}
