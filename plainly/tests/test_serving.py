"""``plainly serve`` and ``plainly worker`` as an operator runs them: real processes, real HTTP."""

import http.client
import json
import os
import re
import signal
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from plainly import config
from plainly.management.commands.serve import (
    HEADER_SECONDS,
    Command,
    keep_a_connection_per_thread,
    pool_too_small,
)
from plainly.testing.servers import free_port

SCHEDULE_A_QUESTION = """
import datetime
from django.utils import timezone
from plainly.questions.models import QuestionPage, TopicPage

topic = TopicPage.objects.get(slug="korea")
page = QuestionPage(
    title="A scheduled question?",
    slug="a-scheduled-question",
    short_answer="It publishes itself.",
    live=False,
    go_live_at=timezone.now() + datetime.timedelta(seconds=5),
)
topic.add_child(instance=page)
page.save_revision().publish()
print(page.url_path)
"""


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error
    except urllib.error.URLError as error:
        return error


def test_static_files_are_compressed_and_cached_for_a_year(served_site):
    home = fetch(served_site.url + "/").read().decode()
    stylesheet = re.search(r'href="(/static/plainly/site\.[0-9a-f]+\.css)"', home).group(1)

    response = fetch(served_site.url + stylesheet, **{"Accept-Encoding": "br, gzip"})

    assert response.status == 200
    assert response.headers["Content-Encoding"] in {"br", "gzip"}
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_uploaded_images_are_served(served_site):
    page = fetch(served_site.url + "/space-and-sky/why-is-the-sky-blue/").read().decode()
    image = re.search(r'<img[^>]+src="(/media/[^"]+)"', page).group(1)

    response = fetch(served_site.url + image)

    assert response.status == 200
    assert response.headers["Content-Type"] == "image/png"
    # The same security headers as every other response: an upload is never run as a page.
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


TRAVERSALS = [
    "/media/images/../documents/private.txt",  # beside the images, for Wagtail's view only
    "/media/images/%2e%2e/documents/private.txt",
    "/media/original_images/..%2fdocuments%2fprivate.txt",
    "/media/images/" + "a" * 300,  # longer than a file name may be
    "/media/images/../../secret_key",
    "/media/images/%2e%2e/%2e%2e/secret_key",
    "/media/original_images/..%2f..%2fsecret_key",
    "/media/images/..%5c..%5csecret_key",
    "/static/../secret_key",
    "/static/%2e%2e/secret_key",
    "/media/images/%00../../secret_key",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_reaches_a_file_outside_the_served_folders(served_site, path):
    home = Path(served_site.env["PLAINLY_VAR_DIR"])
    secret = (home / "secret_key").read_text().strip()
    private = home / "media" / "documents" / "private.txt"
    private.parent.mkdir(parents=True, exist_ok=True)
    private.write_text("not for everyone")
    host = urllib.parse.urlsplit(served_site.url).netloc
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request("GET", path)  # sent as written: no client tidies the dots away
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")

    assert response.status in {301, 400, 403, 404}, response.status
    assert secret not in body
    assert "SQLite format" not in body
    assert "not for everyone" not in body


def test_documents_are_not_served_from_disk_past_wagtails_privacy_checks(served_site):
    private = Path(served_site.env["PLAINLY_VAR_DIR"]) / "media" / "documents" / "private.txt"
    private.parent.mkdir(parents=True, exist_ok=True)
    private.write_text("not for everyone")

    assert fetch(served_site.url + "/media/documents/private.txt").status == 404


def test_serve_runs_one_worker_per_core_by_default():
    options = Command().create_parser("plainly", "serve").parse_args([])

    assert options.workers == os.cpu_count()


def test_serve_warns_when_its_threads_outnumber_the_database_pool(monkeypatch):
    monkeypatch.setenv("PLAINLY_DATABASE_URL", "postgres://db/plainly")
    monkeypatch.delenv("PLAINLY_DATABASE_POOL", raising=False)
    database = config.database("DATABASE_URL", "", base_dir=Path("."))
    threads = Command().create_parser("plainly", "serve").parse_args([]).threads

    assert pool_too_small(threads, database) is None  # the defaults fit, on any machine
    assert "raise PLAINLY_DATABASE_POOL" in pool_too_small(threads + 9, database)


def test_each_request_thread_has_a_pooled_connection_waiting_for_it(monkeypatch):
    # A request never waits for the pool to open a connection: on a busy machine that can take
    # longer than a request may wait, and the reader got a 503.
    monkeypatch.setenv("PLAINLY_DATABASE_URL", "postgres://db/plainly")
    monkeypatch.setenv("PLAINLY_DATABASE_POOL", "4")
    database = config.database("DATABASE_URL", "", base_dir=Path("."))

    keep_a_connection_per_thread(3, database)
    assert database["OPTIONS"]["pool"]["min_size"] == 3
    keep_a_connection_per_thread(6, database)  # more threads than connections: all of them
    assert database["OPTIONS"]["pool"]["min_size"] == 4


def test_the_served_site_is_live_and_ready(served_site):
    ready = {"database": "ok", "cache": "ok", "tasks": "ok"}
    for path, expected in [("/healthz", {"status": "ok"}), ("/readyz", ready)]:
        with urllib.request.urlopen(served_site.url + path, timeout=10) as response:
            assert response.status == 200
            assert json.loads(response.read()) == expected


def environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(entry.split("=", 1) for entry in raw.decode().split("\0") if "=" in entry)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux)")
def test_server_workers_share_two_memory_arenas(served_site):
    assert "MALLOC_ARENA_MAX" not in served_site.env
    server = served_site.server.pid
    workers = [
        int(pid) for pid in Path(f"/proc/{server}/task/{server}/children").read_text().split()
    ]

    assert workers
    for pid in [server, *workers]:
        assert environment_of(pid).get("MALLOC_ARENA_MAX") == "2"


def test_a_scheduled_question_goes_live_by_itself(served_site):
    url_path = served_site.plainly(
        "shell", "--no-imports", "-c", SCHEDULE_A_QUESTION
    ).stdout.strip()
    question_url = served_site.url + url_path.removeprefix("/home")
    assert fetch(question_url).status == 404

    started = served_site.log.read_text().count("Sending queued mail")
    worker = served_site.start("worker", "--interval", "1")
    try:
        # Ready once it says so: stopped before then, it would not have its signal handlers yet.
        deadline = time.monotonic() + 60
        while served_site.log.read_text().count("Sending queued mail") == started:
            assert time.monotonic() < deadline, served_site.log.read_text()
            time.sleep(0.2)
        deadline = time.monotonic() + 30
        while fetch(question_url).status != 200:
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the scheduled question never went live:\n{served_site.log.read_text()}"
                )
            time.sleep(0.5)
    finally:
        worker.terminate()
        assert worker.wait(timeout=10) == 0


def children(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid``, with their command lines."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
            if int(parent) == pid and state != "Z":
                found[int(stat.parent.name)] = (stat.parent / "cmdline").read_text()
        except (OSError, ValueError):
            continue  # The process ended while we looked.
    return {child: command.replace("\0", " ") for child, command in found.items()}


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def workers_started(log: Path, port: int) -> int:
    """How many of the server's worker processes on ``port`` have said they started."""
    text = log.read_text(errors="replace")
    serving = text.rfind(f"Serving Plainly on http://127.0.0.1:{port}/")
    return text.count("Started worker-", serving) if serving >= 0 else 0


def test_demo_serves_with_the_worker_alongside_and_stops_it_on_exit(served_site):
    port = free_port()
    demo = served_site.start("demo", "--port", str(port))
    try:
        # The demo checks its content, collects static files in a process of its own, then
        # starts the server: on a busy machine that can take over a minute. Stopped while one of
        # its workers is still starting, granian waits for that worker the full stop time
        # before it kills it: the stop comes once both have started.
        deadline = time.monotonic() + 150
        while not (
            isinstance(fetch(f"http://127.0.0.1:{port}/"), http.client.HTTPResponse)
            and workers_started(served_site.log, port) == 2
        ):
            assert demo.poll() is None, served_site.log.read_text()
            assert time.monotonic() < deadline, "plainly demo never served"
            time.sleep(0.5)
        workers = [
            pid for pid, command in children(demo.pid).items() if "plainly worker" in command
        ]
        assert len(workers) == 1, children(demo.pid)
    finally:
        demo.send_signal(signal.SIGINT)
        demo.wait(timeout=20)
    deadline = time.monotonic() + 10
    while running(workers[0]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(workers[0])


def stall(url: str, start: bytes, count: int) -> list[socket.socket]:
    """``count`` connections to ``url`` that each send ``start`` of a request, then wait."""
    address = ("127.0.0.1", urllib.parse.urlsplit(url).port)
    stalled = []
    for _ in range(count):
        connection = socket.create_connection(address, timeout=HEADER_SECONDS * 3)
        connection.sendall(start)
        stalled.append(connection)
    return stalled


def assert_served_while_stalled(url: str, stalled: list[socket.socket]) -> None:
    """A reader is served at once; then each stalled connection is dropped, served nothing."""
    response = fetch(url + "/korea/is-the-korean-war-over/")
    assert response.status == 200
    assert "Is the Korean War over?" in response.read().decode()
    for connection in stalled:
        with connection:
            answer = connection.recv(1024)
            assert answer == b"" or answer.startswith(b"HTTP/1.1 408 ")


def test_clients_that_never_finish_their_headers_neither_block_readers_nor_stay(served_site):
    # A "slowloris" crowd: each sends part of its headers, then waits. The server closes each
    # once its time for headers is up.
    stalled = stall(served_site.url, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Waiting: ", 200)

    assert_served_while_stalled(served_site.url, stalled)


def test_behind_nginx_clients_that_trickle_their_bodies_neither_block_readers_nor_stay(
    served_site, nginx
):
    # Over three times as many stalled comment forms as the site has request threads: each
    # declares its length and sends a few bytes of it. Sent straight to plainly serve, they would
    # hold every thread (see docs/reliability.md); nginx holds them, drops each once its body has
    # stopped for 10 seconds, and Plainly never sees them.
    form = (
        b"POST /discussion/questions/1/comments/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\n"
        b"body=Hello"
    )
    stalled = stall(nginx, form, 20)

    assert_served_while_stalled(nginx, stalled)
