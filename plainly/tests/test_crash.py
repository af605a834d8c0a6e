"""The server killed outright, again and again, while readers post and register: every answer of
success stands for something stored whole, and the database is sound afterwards.

SIGKILL gives the server no chance to tidy up, as when the machine loses power or the kernel
kills it for memory. This runs on the engine under test: on SQLite the server's own processes
write the database file, so a kill can land in the middle of a write. And told to stop politely
(SIGTERM, as systemd and orchestrators do), the server finishes what it has begun.
"""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest
import requests

from plainly.testing.installations import collect_static, demo_copy, installation
from plainly.testing.servers import loopback_url, wait_for
from plainly.tests.readers import Reader, wait_to_write

KILLS = 20
# How long a server gets to take something from the crowd before it is killed all the same.
PROGRESS_SECONDS = 30
WRITERS, REGISTRANTS = 6, 2

QUESTION_ID = """
from plainly.questions.models import QuestionPage
print(QuestionPage.objects.live().order_by("path").first().id)
"""

STORED = """
import json
from allauth.account.models import EmailAddress
from django.db import connection
from plainly.accounts.models import User
from plainly.discussion.models import Comment

integrity = None
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        integrity = [row[0] for row in cursor.execute("PRAGMA integrity_check")]
members = User.objects.filter(email__endswith="@crash.example.org")
print(json.dumps({
    "integrity": integrity,
    "comments": list(Comment.objects.filter(body__startswith="Crash test ").values_list(
        "body", flat=True)),
    "members": list(members.values_list("email", flat=True)),
    "addresses": list(EmailAddress.objects.filter(user__in=members).values_list(
        "email", flat=True)),
}))
"""


class Crowd:
    """Readers posting comments and registering, as fast as the site lets them, through kills;
    each success the site answered is written down."""

    def __init__(self, site_url: str, question_id: int):
        self.site_url, self.question_id = site_url, question_id
        self.accepted_comments: list[str] = []
        self.accepted_members: list[str] = []
        self.stopping = threading.Event()
        self.threads = [
            *(threading.Thread(target=self.keep_writing, args=(n,)) for n in range(WRITERS)),
            *(
                threading.Thread(target=self.keep_registering, args=(n,))
                for n in range(REGISTRANTS)
            ),
        ]

    def reader(self, rng: random.Random) -> Reader:
        reader = Reader(self.site_url)
        # Each reader comes from an address of its own, through the one proxy the site trusts.
        address = ".".join(str(rng.randrange(1, 255)) for _ in range(3))
        reader.session.headers["X-Forwarded-For"] = f"10.{address}"
        return reader

    def keep_writing(self, number: int) -> None:
        rng = random.Random(number)  # noqa: S311 - made-up addresses, not secrets
        written = 0
        reader = token = body = None
        while not self.stopping.is_set():
            try:
                if token is None:
                    reader = self.reader(rng)
                    token = reader.form_token()
                    body = f"Crash test {number}-{written}"
                    written += 1
                    wait_to_write()
                response = reader.post_comment(self.question_id, body, token)
            except (requests.RequestException, ValueError):
                # The server is down, or went down mid-answer. A reader whose form was open
                # sends it again as it was once the site is back: its ticket outlives the
                # server, and makes a comment the first try stored a duplicate, not a second.
                time.sleep(0.1)
                continue
            token = None  # the next comment is written in a new form
            if response.status_code == 302:
                self.accepted_comments.append(body)

    def keep_registering(self, number: int) -> None:
        rng = random.Random(1000 + number)  # noqa: S311
        sent = 0
        while not self.stopping.is_set():
            email = f"member-{number}-{sent}@crash.example.org"
            sent += 1
            try:
                response = self.reader(rng).register(email, "a long crash-test passphrase")
            except requests.RequestException:
                time.sleep(0.1)
                continue
            if response.status_code == 302 and "confirm-email" in response.headers["Location"]:
                self.accepted_members.append(email)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.fixture
def crash_site(tmp_path, demo_made, collected_static):
    url = loopback_url()
    database_url, database = demo_copy(demo_made, tmp_path, "crash", url)
    site = installation(tmp_path, database_url, url)
    site.env["PLAINLY_TRUSTED_PROXY_COUNT"] = "1"
    collect_static(site, collected_static)
    yield site
    if site.server and site.server.poll() is None:
        os.killpg(site.server.pid, signal.SIGKILL)
        site.server.wait(timeout=10)
    if database:
        database.drop()


def start_server(site) -> subprocess.Popen:
    """``plainly serve`` in a process group of its own, so that one signal reaches every worker."""
    port = str(urlsplit(site.url).port)
    with site.log.open("a") as log:
        site.server = subprocess.Popen(
            [sys.executable, "-m", "plainly", "serve", "--port", port, "--workers", "2",
             "--no-worker", "--skip-collectstatic"],
            env=site.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def answers() -> bool:
        try:
            return requests.get(site.url + "/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    assert wait_for(answers, timeout=60), site.log.read_text()[-3000:]
    return site.server


def test_nothing_the_site_accepted_is_lost_when_it_is_killed_twenty_times(crash_site):
    site = crash_site
    question_id = int(site.plainly("shell", "-c", QUESTION_ID).stdout.strip().splitlines()[-1])
    rng = random.Random(7)  # noqa: S311 - kill times, not secrets
    start_server(site)

    with Crowd(site.url, question_id) as crowd:
        for _kill in range(KILLS):
            # Each server takes a comment before it dies (on a busy machine a restart can take
            # longer than a writer's three seconds), then a moment for more requests to be under
            # way, and the whole server dies at once.
            taken = len(crowd.accepted_comments)
            wait_for(lambda n=taken: len(crowd.accepted_comments) > n, timeout=PROGRESS_SECONDS)
            time.sleep(rng.uniform(0.2, 1.5))
            os.killpg(site.server.pid, signal.SIGKILL)
            site.server.wait(timeout=10)
            start_server(site)
        time.sleep(3.5)  # the writers' last comments, sent to a server left running

    stored = json.loads(site.plainly("shell", "-c", STORED).stdout.strip().splitlines()[-1])
    if stored["integrity"] is not None:
        assert stored["integrity"] == ["ok"]
    # The crowd got through, between kills, many times.
    assert len(crowd.accepted_comments) >= 10
    assert len(crowd.accepted_members) >= 5
    # Every comment the site said it took is there, once.
    assert set(crowd.accepted_comments) <= set(stored["comments"])
    assert len(stored["comments"]) == len(set(stored["comments"]))
    # Every member it said it registered is there, each with their address: none half made.
    assert set(crowd.accepted_members) <= set(stored["members"])
    assert sorted(stored["addresses"]) == sorted(stored["members"])


def raw_registration(site_url: str, cookie: str, token: str, email: str) -> bytes:
    """A registration as the bytes a browser sends, so that it can be on its way before a stop."""
    body = urlencode({
        "csrfmiddlewaretoken": token, "email": email, "display_name": email.split("@")[0],
        "password1": "a long shutdown passphrase", "password2": "a long shutdown passphrase",
    }).encode()  # fmt: skip
    host = urlsplit(site_url).netloc
    head = (
        f"POST /accounts/signup/ HTTP/1.1\r\nHost: {host}\r\nCookie: csrftoken={cookie}\r\n"
        f"Referer: {site_url}/accounts/signup/\r\nOrigin: {site_url}\r\n"
        f"X-Forwarded-For: 10.9.{len(email) % 250}.{hash(email) % 250 + 1}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def test_requests_under_way_when_the_server_is_told_to_stop_are_finished(crash_site):
    site = crash_site
    start_server(site)
    signup = requests.get(site.url + "/accounts/signup/", timeout=10)
    cookie = signup.cookies["csrftoken"]
    emails = [f"stopping-{n}@crash.example.org" for n in range(24)]

    # Two dozen registrations at once: hashing their passwords keeps both workers busy for
    # seconds, so most are still waiting or being worked on when the stop comes.
    sockets = []
    for email in emails:
        connection = socket.create_connection(("127.0.0.1", urlsplit(site.url).port), timeout=60)
        connection.sendall(raw_registration(site.url, cookie, cookie, email))
        sockets.append(connection)
    time.sleep(0.5)  # the server has taken every connection in
    site.server.send_signal(signal.SIGTERM)

    answers = []
    for connection in sockets:
        with connection:
            received = b""
            while chunk := connection.recv(65536):
                received += chunk
        answers.append(received.split(b"\r\n", 1)[0])
    assert site.server.wait(timeout=60) == 0
    assert answers == [b"HTTP/1.1 302 Found"] * len(emails), site.log.read_text()[-6000:]

    stored = json.loads(site.plainly("shell", "-c", STORED).stdout.strip().splitlines()[-1])
    assert sorted(stored["members"]) == sorted(emails)
