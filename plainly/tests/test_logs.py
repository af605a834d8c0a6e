"""Logs: one line per request with its id, the id on every line written meanwhile, no secrets."""

import io
import json
import logging
import time

import pytest

from plainly.questions.tests.factories import make_question, make_topic
from plainly.serving import logs
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process(keep_the_test_connection, settings):
    settings.ALLOWED_HOSTS = ["localhost"]


def request(path: str, query: str = "", **headers: str) -> dict:
    return call_wsgi(path, query=query, **headers)[1]


def access_lines(caplog) -> list[logging.LogRecord]:
    logs.flush()  # written a few times a second, off the requests' path
    return [record for record in caplog.records if record.name == "plainly.access"]


def test_each_request_gets_an_id_and_one_access_line(caplog):
    caplog.set_level(logging.INFO)
    headers = request("/no-such-page/")

    (line,) = access_lines(caplog)
    assert (line.method, line.path, line.status) == ("GET", "/no-such-page/", 404)
    assert line.request_id == headers["X-Request-ID"]
    assert line.duration_ms >= 0 and line.bytes > 0
    # Lines written while the request ran carry its id too (Django's "Not Found" warning).
    django_lines = [record for record in caplog.records if record.name == "django.request"]
    assert django_lines and all(r.request_id == headers["X-Request-ID"] for r in django_lines)


def test_a_proxys_request_id_is_kept_and_a_strange_one_replaced(caplog):
    caplog.set_level(logging.INFO)
    assert request("/healthz", HTTP_X_REQUEST_ID="edge-4f2a9c01")["X-Request-ID"] == "edge-4f2a9c01"
    replaced = request("/healthz", HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert replaced != "<script>\n" and len(replaced) == 32  # a fresh id of our own


def test_a_page_answered_from_memory_gets_its_id_and_its_line(caplog):
    """A page the process holds in memory is answered ahead of the other layers (the access
    log's front): logged all the same, each time with an id of its own."""
    caplog.set_level(logging.INFO)
    question = make_question(make_topic(title="Korea"))
    # Rendered; then from the cache, which puts its request line in memory; then from there.
    answers = [call_wsgi(question.url) for _ in range(3)]

    assert [headers["X-Cache"] for _status, headers, _body in answers] == ["MISS", "HIT", "HIT"]
    assert answers[2][2] == answers[0][2]
    assert "Age" in answers[2][1]
    ids = [headers["X-Request-ID"] for _status, headers, _body in answers]
    assert len(set(ids)) == 3
    written = [(line.method, line.path, line.status, line.bytes, line.request_id)
               for line in access_lines(caplog)]  # fmt: skip
    size = len(answers[0][2])
    assert written == [("GET", question.url, 200, size, rid) for rid in ids]


def test_secrets_in_paths_and_queries_never_reach_the_log(caplog):
    caplog.set_level(logging.INFO)
    request("/accounts/password/reset/key/4-c0ffee-secretkey/")
    request("/discussion/unsubscribe/secrettoken123/")
    request("/search/", query="q=my+secret+words&page=2")

    text = " ".join(f"{r.getMessage()} {r.path} {r.query}" for r in access_lines(caplog))
    assert "secretkey" not in text and "secrettoken123" not in text and "secret words" not in text
    assert "/accounts/password/reset/key/[hidden]" in text
    assert "['page', 'q']" in text


def test_json_lines_carry_the_id_and_mask_email_addresses():
    record = logging.LogRecord(
        "plainly.backends.mail", logging.WARNING, __file__, 1, "Mail to %s failed",
        ("rita@example.org",), None,
    )  # fmt: skip
    record.request_id = "abc12345"

    line = json.loads(logs.JsonFormatter().format(record))

    assert line["request_id"] == "abc12345"
    assert line["level"] == "WARNING"
    assert "rita@example.org" not in line["message"]
    assert "r…@example.org" in line["message"]


def formatted(caplog) -> str:
    """Every line written, as both of the site's formatters write it."""
    logs.flush()
    formatters = (logs.JsonFormatter(), logs.PlainFormatter("%(name)s %(message)s"))
    return "\n".join(f.format(record) for record in caplog.records for f in formatters)


def test_djangos_own_warnings_name_no_secret_path(caplog):
    caplog.set_level(logging.INFO)
    # A form sent without its token is refused with a warning naming the path: here a reset key.
    call_wsgi("/accounts/password/reset/key/4-c0ffee-secretkey/", method="POST")
    # A page that is not found is logged with its path: here an unsubscribe token.
    call_wsgi("/discussion/unsubscribe/secrettoken123/extra/")

    warnings = [r for r in caplog.records if r.name.startswith("django.")]
    assert any("reset/key" in r.getMessage() for r in warnings)  # the lines are there...
    text = formatted(caplog)
    assert "secretkey" not in text and "secrettoken123" not in text  # ...without the secrets
    assert "/accounts/password/reset/key/[hidden]" in text
    assert "/discussion/unsubscribe/[hidden]" in text


def test_an_address_in_a_path_is_masked_in_the_access_line(caplog):
    caplog.set_level(logging.INFO)
    request("/rita@example.org/")

    (line,) = access_lines(caplog)
    assert line.path == "/r…@example.org/"
    assert "rita@example.org" not in formatted(caplog)


def test_no_password_reaches_the_log_whatever_happens_to_it(client, caplog):
    from plainly.accounts.tests.factories import make_member

    caplog.set_level(logging.DEBUG)
    make_member("Alice")
    secret = "Very-Secret-Passphrase-8841"
    client.post("/accounts/login/", {"login": "alice@example.org", "password": secret})
    client.post(
        "/accounts/signup/",
        {"email": "bob@example.org", "display_name": "Bob", "password1": secret, "password2": ""},
    )
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})

    text = formatted(caplog)
    assert caplog.records  # the requests were logged at all
    assert secret not in text
    assert "alice@example.org" not in text and "bob@example.org" not in text


class Unplain(logging.StreamHandler):
    """A handler of another kind: access lines reach it record by record, through logging."""


@pytest.mark.parametrize("formatter", ["plain", "json"])
def test_lines_written_in_one_batch_read_as_logging_writes_them_one_by_one(monkeypatch, formatter):
    made = {
        "plain": lambda: logs.PlainFormatter(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        ),
        "json": logs.JsonFormatter,
    }[formatter]
    written = {}
    for kind in (logging.StreamHandler, Unplain):
        stream = io.StringIO()
        handler = kind(stream)
        handler.setFormatter(made())
        handler.addFilter(logs.RequestIdFilter())
        monkeypatch.setattr(logging.root, "handlers", [handler])
        monkeypatch.setattr(logging.root, "level", logging.INFO)
        assert (logs._plain_streams() is None) == (kind is Unplain)  # the two ways of writing
        for path, query in [("/healthz", ""), ("/no-such-page/", "q=words&page=2")]:
            logs.lines.add(
                (1_800_000_000.25, "id-0001", "GET", path, query, "404 Not Found",
                 [("Content-Length", "12"), ("X-Cache", "MISS")], 0.0123, None, "", None)
            )  # fmt: skip
        logs.flush()
        written[kind] = stream.getvalue()

    assert written[logging.StreamHandler] == written[Unplain]
    assert len(written[Unplain].splitlines()) == 2
    assert "id-0001" in written[Unplain] and "/no-such-page/" in written[Unplain]
    assert "words" not in written[Unplain]


def test_lines_are_written_by_the_process_without_being_asked(caplog):
    caplog.set_level(logging.INFO)
    request("/healthz")

    deadline = time.monotonic() + 15
    while not [r for r in caplog.records if r.name == "plainly.access"]:
        assert time.monotonic() < deadline, "no access line was written"
        time.sleep(logs.WRITE_EVERY_SECONDS / 5)
