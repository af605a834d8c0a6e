"""/metrics: Prometheus figures for the operator, and nothing for anyone else."""

import ipaddress
import re
import time
import urllib.request

import pytest
from prometheus_client import Histogram

from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic
from plainly.serving import metrics
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process(monkeypatch, keep_the_test_connection):
    """Neither the scrape's nor Django's connection handling may end the test's transaction."""
    monkeypatch.setattr(metrics, "close_old_connections", lambda: None)


def scrape(**environ) -> tuple[int, dict, str]:
    status, headers, body = call_wsgi("/metrics", **{"REMOTE_ADDR": "127.0.0.1", **environ})
    return status, headers, body.decode()


def value(text: str, series: str) -> float:
    """One series' value in an exposition, 0 when absent."""
    found = re.search(rf"^{re.escape(series)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_the_operator_sees_requests_counted_and_what_the_site_holds(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    question = make_question(make_topic(title="Korea"))
    make_comment(question, state="held")
    served = 'plainly_requests_total{cache="hit",method="GET",status="2xx"}'
    before = value(scrape()[2], served)

    call_wsgi(question.url)  # rendered, then kept
    call_wsgi(question.url)  # from the page cache
    call_wsgi(question.url)  # from the process's memory, ahead of the other layers
    status, headers, text = scrape()

    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    assert headers["Cache-Control"] == "no-store"
    assert value(text, served) == before + 2
    assert value(text, "plainly_database_up") == 1
    assert value(text, "plainly_comments_awaiting_moderation") == 1
    assert "plainly_request_duration_seconds_bucket" in text


@pytest.mark.parametrize(
    "environ",
    [
        {"REMOTE_ADDR": "203.0.113.9"},  # a reader on the internet
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},  # relayed by a proxy
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=203.0.113.9"},
    ],
)
def test_anyone_else_gets_the_sites_404(environ):
    status, headers, _text = scrape(**environ)
    assert (status, headers["Location"]) == (301, "/metrics/")  # as for any path without a slash

    status, _headers, body = call_wsgi("/metrics/", **{"REMOTE_ADDR": "127.0.0.1", **environ})
    assert status == 404
    assert "We can’t find that page" in body.decode()
    assert "plainly_requests_total" not in body.decode()


def test_the_operator_chooses_the_addresses(settings):
    settings.METRICS_ADDRESSES = [ipaddress.ip_network("10.1.0.0/16")]

    assert scrape(REMOTE_ADDR="10.1.2.3")[0] == 200
    assert scrape(REMOTE_ADDR="127.0.0.1")[0] == 301  # to /metrics/, the site's 404


def test_a_served_site_adds_up_every_process(served_site):
    for _ in range(20):  # two processes share these
        urllib.request.urlopen(served_site.url + "/", timeout=10).read()

    get_series = r'^plainly_requests_total\{[^}]*method="GET"[^}]*\} (\S+)$'

    def scraped() -> tuple[float, str]:
        with urllib.request.urlopen(served_site.url + "/metrics", timeout=10) as response:
            text = response.read().decode()
        return sum(float(n) for n in re.findall(get_series, text, re.MULTILINE)), text

    # Each process counts its requests a few times a second (serving.logs.WRITE_EVERY_SECONDS),
    # the scraped one at once: the other's come within that time.
    deadline = time.monotonic() + 15
    answered, text = scraped()
    while answered < 20 and time.monotonic() < deadline:
        time.sleep(0.1)
        answered, text = scraped()
    assert answered >= 20
    assert value(text, "plainly_database_up") == 1


def test_a_batch_of_requests_is_timed_as_each_alone_would_be():
    durations = [0.0004, 0.001, 0.0011, 0.003, 0.003, 0.2, 2.5, 30.0]
    one_by_one, at_once = (
        Histogram(name, "Durations.", buckets=metrics.DURATION_BUCKETS, registry=None)
        for name in ("single", "batched")
    )
    for seconds in durations:
        one_by_one.observe(seconds)
    metrics.observe_all(at_once, durations)

    def samples(histogram) -> list[tuple[str, dict, float]]:
        (family,) = histogram.collect()
        return [(s.name.split("_", 1)[-1], s.labels, s.value)
                for s in family.samples if not s.name.endswith("_created")]  # fmt: skip

    assert samples(at_once) == samples(one_by_one)
    assert ("bucket", {"le": "0.005"}, 5.0) in samples(at_once)  # 0.001 is in "le 0.001"
