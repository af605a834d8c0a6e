"""PostgreSQL going away under a served site: readers get cached pages, or a styled 503 at once,
posting stores nothing and says to try again later, and the site recovers by itself.

The site runs on a PostgreSQL server of this test's own, really stopped and started again, on
either pass of the test suite.
"""

import json
import time

import pytest
import requests

from plainly.testing.installations import collect_static, installation, serve
from plainly.testing.servers import wait_for
from plainly.tests.postgres_server import PostgresServer
from plainly.tests.readers import Reader, wait_to_write

# A reader must be told at once, not kept waiting: the bound for an answer.
ANSWER_WITHIN_SECONDS = 2

QUESTIONS = """
import json
from plainly.questions.models import QuestionPage
from plainly.search.similar import rank_related
pages = QuestionPage.objects.live().order_by("path")[:2]
rank_related.call(pages[0].id)  # as the worker would after a first reading; it purges the page
print(json.dumps([{"id": page.id, "url": page.url, "title": page.title} for page in pages]))
"""

COUNT_COMMENTS = """
from plainly.discussion.models import Comment
print(Comment.objects.filter(body__contains={marker!r}).count())
"""


@pytest.fixture(scope="module")
def site_and_postgres(tmp_path_factory, collected_static):
    postgres = PostgresServer()
    site = None
    try:
        postgres.start()
        postgres.create_database()
        site = installation(tmp_path_factory.mktemp("outage-site"), postgres.url)
        site.plainly("demo", "--no-serve", timeout=300)
        collect_static(site, collected_static)
        serve(site)  # with its worker, which must live through the outage too
        yield site, postgres
    finally:
        if site and site.server:
            site.server.terminate()
            site.server.wait(timeout=20)
        postgres.remove()


def last_line(completed) -> str:
    return completed.stdout.strip().splitlines()[-1]


def test_readers_get_cached_pages_or_a_503_and_the_site_recovers_by_itself(site_and_postgres):
    site, postgres = site_and_postgres
    read_before, never_read = json.loads(last_line(site.plainly("shell", "-c", QUESTIONS)))
    marker = f"outage-{time.time_ns()}"
    reader = Reader(site.url)
    seen = []

    def kept_in_cache():
        # Settled: two readings a second apart both came from the page cache.
        seen.append(requests.get(site.url + read_before["url"], timeout=10).headers["X-Cache"])
        return seen[-2:] == ["HIT", "HIT"]

    assert wait_for(kept_in_cache, timeout=30, step=1), seen
    token = reader.form_token()
    wait_to_write()

    postgres.stop()

    # A page read before comes from the page cache, whole.
    cached = requests.get(site.url + read_before["url"], timeout=ANSWER_WITHIN_SECONDS)
    assert cached.status_code == 200
    assert read_before["title"] in cached.text
    # Any other page: the styled 503, at once, telling the reader to come back.
    away = requests.get(site.url + never_read["url"], timeout=ANSWER_WITHIN_SECONDS)
    assert away.status_code == 503
    assert "try again later" in away.text
    assert 'class="site-header"' in away.text
    assert away.headers["Retry-After"] == "30"
    # A comment sent now is refused the same way.
    posted = reader.post_comment(read_before["id"], marker, token, timeout=ANSWER_WITHIN_SECONDS)
    assert posted.status_code == 503
    assert "try again later" in posted.text
    # Probes tell the load balancer why, and that the process itself is alive.
    ready = requests.get(site.url + "/readyz", timeout=10)
    assert ready.status_code == 503
    assert ready.json()["database"].startswith("unavailable")
    assert requests.get(site.url + "/healthz", timeout=10).status_code == 200

    postgres.start()

    # No restart: the same processes reconnect on their own, each when its pool next tries
    # (psycopg_pool waits longer between attempts the longer the database was away).
    answers = []

    def every_process_answers():
        page = requests.get(site.url + never_read["url"], timeout=10).status_code
        ready = requests.get(site.url + "/readyz", timeout=10).status_code
        answers.append((page, ready))
        return answers[-6:] == [(200, 200)] * 6  # requests land on either process

    assert wait_for(every_process_answers, timeout=60), answers
    token = reader.form_token()
    wait_to_write()
    assert reader.post_comment(read_before["id"], marker, token).status_code == 302
    # The refused comment left nothing behind; the one sent again is stored once.
    count = site.plainly("shell", "-c", COUNT_COMMENTS.format(marker=marker))
    assert last_line(count) == "1"
    assert site.server.poll() is None
