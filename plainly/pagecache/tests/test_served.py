"""The page cache and Varnish in front of a real server: changes reach readers at once.

Changes are made by ``plainly shell`` in the served site's installation, a process of its own,
as an editor's or moderator's request would be: only the shared cache and Varnish's purges
carry them to the server's worker processes.
"""

import http.client
import json
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from plainly.testing.proxies import PURGE_SECRET, purging_through

SETUP = """
import json
from plainly.questions.tests.factories import make_question, make_topic
topic = make_topic(title="Cache {n}")
question = make_question(topic, title="Is cache test {n} answered?")
print(json.dumps({{"id": question.pk, "url": question.url, "topic": topic.url}}))
"""
PUBLISH = """
from plainly.questions.models import QuestionPage
page = QuestionPage.objects.get(pk={id}).get_latest_revision_as_object()
page.title = {title!r}
page.save_revision().publish()
"""
APPROVE = """
from plainly.accounts.tests.factories import make_staff
from plainly.discussion import moderation
from plainly.discussion.models import Comment
from plainly.discussion.tests.factories import make_comment
from plainly.questions.models import QuestionPage
page = QuestionPage.objects.get(pk={id})
comment = make_comment(page, body={body!r}, state=Comment.State.HELD)
moderation.moderate(comment, decision="approve", by=make_staff("Mo {n}", group="Moderators"))
"""
SHOWING_A_FACT = """
import json
from decimal import Decimal
from plainly.facts.tests.factories import make_fact
from plainly.questions.models import KeyFact
from plainly.questions.tests.factories import make_question, make_topic
fact = make_fact(measure="Crossings {n}", qualifier="about", value=Decimal("27000"))
topic = make_topic(title="Facts {n}")
in_key_facts = make_question(topic, facts=0, key_facts_heading="More",
                             key_facts=[KeyFact(text="{{fact}} people crossed.", fact=fact)])
paragraph = '<p>Since 1953, <a linktype="fact" id="%d">x</a> people crossed.</p>' % fact.pk
in_body = make_question(topic, body=[{{"type": "paragraph", "value": paragraph}}])
print(json.dumps({{"fact": fact.pk, "urls": [in_key_facts.url, in_body.url]}}))
"""
EDIT_FACT = """
from decimal import Decimal
from plainly.facts.models import Fact
fact = Fact.objects.get(pk={pk})
fact.qualifier, fact.value = "more_than", Decimal("33000")
fact.save_revision().publish()
"""
_numbers = iter(range(1, 1000))


def fetch(url: str, *, host: str | None = None) -> tuple[str, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode(), {k.lower(): v for k, v in response.headers.items()}


def until_shown(url: str, text: str, *, host: str | None = None) -> list[str]:
    """Ask for ``url`` until it shows ``text``; what each answer's X-Cache said on the way."""
    seen = []
    deadline = time.monotonic() + 15  # generous: a busy test machine may be slow to answer
    while True:
        page, headers = fetch(url, host=host)
        seen.append(headers["x-cache"])
        if text in page:
            return seen
        assert time.monotonic() < deadline, f"{text!r} never appeared; answers: {seen}"
        time.sleep(0.02)


def shell(site, code: str, **env: str) -> str:
    site.env.update(env)
    try:
        return site.plainly("shell", "-c", code).stdout
    finally:
        for name in env:
            site.env.pop(name)


@pytest.fixture
def question(served_site):
    n = next(_numbers)
    made = json.loads(shell(served_site, SETUP.format(n=n)).strip().splitlines()[-1])
    return {**made, "n": n}


def test_an_approved_comment_reaches_every_reader(served_site, question):
    # Each process looks for purges twice a second (test_pagecache proves the interval without
    # a clock); here, on a real server, the comment must reach both worker processes.
    url = served_site.url + question["url"]
    for _ in range(6):  # Both worker processes hold the page, in memory and in the shared cache.
        fetch(url)
    assert fetch(url)[1]["x-cache"] == "HIT"

    body = f"Approved words number {question['n']}."
    shell(served_site, APPROVE.format(id=question["id"], body=body, n=question["n"]))
    answers = until_shown(url, body)
    # No reader waited for the new page to render: each got a kept copy, the old one (marked
    # STALE once the process had heard of the change) until the new one was ready.
    assert "MISS" not in answers, answers
    assert answers[-1] == "HIT"
    # From then on, whichever process answers.
    assert all(body in fetch(url)[0] for _ in range(20))


def test_varnish_serves_pages_and_publishing_purges_them(served_site, varnish, question):
    host = urlsplit(served_site.url).netloc
    url = varnish + question["url"]
    topic_url = varnish + question["topic"]
    for each in (url, topic_url):
        fetch(each, host=host)
        assert fetch(each, host=host)[1]["x-cache"] == "HIT"

    title = f"Is cache test {question['n']} answered at last?"
    shell(
        served_site,
        PUBLISH.format(id=question["id"], title=title),
        **purging_through(varnish),
    )

    # Varnish dropped its copies; behind it the page cache gives the old pages, which Varnish
    # keeps no copy of, until the new ones have rendered, and then Varnish keeps those.
    for each in (url, topic_url):
        until_shown(each, title, host=host)
        page, headers = fetch(each, host=host)
        assert (headers["x-cache"], title in page) == ("HIT", True)


def test_publishing_a_changed_fact_purges_every_page_showing_it_from_varnish(served_site, varnish):
    host = urlsplit(served_site.url).netloc
    made = json.loads(shell(served_site, SHOWING_A_FACT.format(n=next(_numbers))).splitlines()[-1])
    urls = [varnish + url for url in made["urls"]]
    for url in urls:
        assert "about 27,000" in fetch(url, host=host)[0].lower()
        assert fetch(url, host=host)[1]["x-cache"] == "HIT"

    shell(served_site, EDIT_FACT.format(pk=made["fact"]), **purging_through(varnish))

    for url in urls:
        until_shown(url, "33,000", host=host)
        page, headers = fetch(url, host=host)
        assert headers["x-cache"] == "HIT"
        assert "more than 33,000" in page.lower() and "27,000" not in page


def test_varnish_drops_a_page_when_a_comment_is_approved(served_site, varnish, question):
    host = urlsplit(served_site.url).netloc
    url = varnish + question["url"]
    fetch(url, host=host)
    assert fetch(url, host=host)[1]["x-cache"] == "HIT"

    body = f"Words through Varnish number {question['n']}."
    shell(
        served_site,
        APPROVE.format(id=question["id"], body=body, n=question["n"]),
        **purging_through(varnish),
    )

    until_shown(url, body, host=host)
    assert fetch(url, host=host)[1]["x-cache"] == "HIT"


def test_varnish_never_shares_a_members_or_a_writers_page(served_site, varnish, question):
    host = urlsplit(served_site.url).netloc
    url = varnish + question["url"]
    fetch(url, host=host)

    request = urllib.request.Request(url, headers={"Host": host, "Cookie": "sessionid=abc"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["X-Cache"] == "MISS"
        assert "private" in response.headers["Cache-Control"]


def test_varnish_shares_a_page_whatever_tracking_parameters_and_cookies_come_with_it(
    served_site, varnish, question
):
    host = urlsplit(served_site.url).netloc
    url = varnish + question["url"]
    fetch(url, host=host)

    for suffix, cookie in [
        ("?utm_source=mail&utm_campaign=autumn", ""),
        ("?fbclid=abc123", ""),
        ("", "_ga=GA1.2.3; theme=dark"),  # analytics and the like, nothing of the site's
    ]:
        request = urllib.request.Request(
            url + suffix, headers={"Host": host, **({"Cookie": cookie} if cookie else {})}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["X-Cache"] == "HIT", (suffix, cookie)
    # A parameter that changes the page is kept: a page of its own.
    assert fetch(url + "?comments=2", host=host)[1]["x-cache"] == "MISS"


def test_only_the_apps_addresses_may_purge(served_site, varnish, question):
    host = urlsplit(served_site.url).netloc
    url = varnish + question["url"]
    fetch(url, host=host)
    varnish_port = urlsplit(varnish).port
    secret = {"Host": host, "X-Purge-Secret": PURGE_SECRET}

    # 127.0.0.2 is this machine too, but not one of the app's addresses in the VCL.
    stranger = http.client.HTTPConnection(
        "127.0.0.1", varnish_port, source_address=("127.0.0.2", 0)
    )
    stranger.request("PURGE", question["url"], headers=secret)
    assert stranger.getresponse().status == 403
    assert fetch(url, host=host)[1]["x-cache"] == "HIT"

    app = http.client.HTTPConnection("127.0.0.1", varnish_port)
    app.request("PURGE", question["url"], headers=secret)
    assert app.getresponse().status == 200
    assert fetch(url, host=host)[1]["x-cache"] == "MISS"


def status_through(url: str, host: str, method: str = "GET", **headers: str) -> int:
    """The status of one request, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request(method, parts.path or "/", headers={"Host": host, **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def test_readers_cannot_purge_through_the_shipped_nginx_and_varnish(
    served_site, varnish, nginx_and_varnish, question
):
    host = urlsplit(served_site.url).netloc
    url = varnish + question["url"]
    fetch(url, host=host)
    assert fetch(url, host=host)[1]["x-cache"] == "HIT"

    # Every request nginx passes on comes from 127.0.0.1, the app's own address.
    for method, path in [("PURGE", question["url"]), ("PURGE", "/.*"), ("BAN", "/")]:
        assert status_through(nginx_and_varnish + path, host, method) == 405
        assert status_through(varnish + path, host, method) == 403  # without the secret
        wrong = {"X-Purge-Secret": "a guess"}
        assert status_through(varnish + path, host, method, **wrong) == 403

    assert fetch(url, host=host)[1]["x-cache"] == "HIT"


def test_a_purge_drops_exactly_the_path_it_names(served_site, varnish, question):
    host = urlsplit(served_site.url).netloc
    topic = question["topic"]  # /cache-N/
    pages = [question["url"], topic, "/"]
    for path in pages:
        fetch(varnish + path, host=host)
        assert fetch(varnish + path, host=host)[1]["x-cache"] == "HIT"
    secret = {"X-Purge-Secret": PURGE_SECRET}

    # As regular expressions these would match every page, or the topic ("." matches "-").
    assert status_through(varnish + "/.*", host, "PURGE", **secret) == 400
    assert status_through(varnish + topic.replace("-", "."), host, "PURGE", **secret) == 200
    assert status_through(varnish + "/", host, "PURGE", **secret) == 200  # the home page alone

    assert [fetch(varnish + path, host=host)[1]["x-cache"] for path in pages] == [
        "HIT",
        "HIT",
        "MISS",
    ]


RESTRICT = """
from wagtail.models import Page, PageViewRestriction
topic = Page.objects.get(pk={id}).get_parent()
PageViewRestriction.objects.create(page=topic, restriction_type=PageViewRestriction.LOGIN)
"""


def test_restricting_a_topic_reaches_readers_through_varnish_within_a_second(
    served_site, varnish, question
):
    host = urlsplit(served_site.url).netloc
    url = varnish + question["url"]
    fetch(url, host=host)
    assert fetch(url, host=host)[1]["x-cache"] == "HIT"

    shell(served_site, RESTRICT.format(id=question["id"]), **purging_through(varnish))
    restricted_at = time.monotonic()

    while status_through(url, host) == 200:
        assert time.monotonic() - restricted_at < 1, "Varnish still serves the public copy"
        time.sleep(0.05)
    assert status_through(url, host) == 302  # to sign in


READS = """
from plainly.pagecache import most_read
print(dict(most_read(1, paths=[{path!r}])).get({path!r}, 0))
"""


BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox"}


def read(url: str, *, host: str | None = None) -> str:
    """Ask for ``url`` as a reader's browser would; what its X-Cache said."""
    headers = {**BROWSER, **({"Host": host} if host else {})}
    with urllib.request.urlopen(
        urllib.request.Request(url, headers=headers), timeout=10
    ) as response:
        response.read()
        return response.headers["X-Cache"]


def reads_counted(site, path: str) -> int:
    return int(shell(site, READS.format(path=path)).split()[-1])


def until_counted(site, path: str, at_least: int) -> int:
    """Wait for ``path``'s reads to be counted, at least ``at_least``; how many were. Each
    process adds its counts every few seconds (pagecache.reads.FLUSH_EVERY_SECONDS)."""
    deadline = time.monotonic() + 60
    while (counted := reads_counted(site, path)) < at_least:
        assert time.monotonic() < deadline, f"{counted} of {at_least} reads counted"
        time.sleep(1)
    return counted


def test_reads_answered_by_either_process_from_its_cache_are_counted(served_site, question):
    url = served_site.url + question["url"]
    # A connection each: the two worker processes share them.
    answers = [read(url) for _ in range(20)]

    assert answers.count("HIT") >= 10  # most were answered from the page cache
    assert until_counted(served_site, question["url"], 20) == 20


def test_pages_varnish_answers_from_its_own_cache_are_counted_once(
    served_site, varnish, varnish_home, question
):
    host = urlsplit(served_site.url).netloc
    counter = served_site.start("count-varnish-reads", "--name", str(varnish_home / "work"))
    try:
        # Varnish's log is read from when the counter has joined it: until then, read a page
        # that is not measured, until a read Varnish answered (not only its first, which the
        # server answered and counted) has been counted.
        read(varnish + question["topic"], host=host)
        while reads_counted(served_site, question["topic"]) < 2:
            assert counter.poll() is None, served_site.log.read_text()[-2000:]
            read(varnish + question["topic"], host=host)
            time.sleep(1)

        answers = [read(varnish + question["url"], host=host) for _ in range(10)]

        # The first went through Varnish to the server, which counted it; Varnish answered the
        # rest, and the counter counted those: each read once.
        assert answers[0] == "MISS" and answers.count("HIT") >= 5
        assert until_counted(served_site, question["url"], 10) == 10
    finally:
        counter.terminate()
        counter.wait(timeout=15)
    assert counter.returncode == 0
