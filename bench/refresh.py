"""How soon readers see a new comment on a cached page, and whether any of them waits for it.

    python bench/refresh.py                  # 20 comments approved on the demo's North Korea page
    python bench/refresh.py --changes 50

Makes a demo installation of its own and serves it with ``plainly serve`` (two workers). A reader
asks for the North Korea question without pause while this process approves one held comment at
a time, as a moderator would. For each approval it reports how long after the approval's commit
the page first showed the comment (the old copy is served meanwhile, marked STALE, while one
process renders the new one), and the slowest answer any reader got meanwhile. Issue 24 asks for
the new copy within one second, and for no reader to wait for a render (no MISS).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

QUESTION = "/korea/do-many-south-koreans-defect-to-north-korea/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20)
    options = parser.parse_args()
    from plainly.testing.servers import free_port, wait_until_serving

    with tempfile.TemporaryDirectory(prefix="plainly-refresh-bench-") as folder:
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PLAINLY_VAR_DIR": folder, "PLAINLY_BASE_URL": base_url}
        subprocess.run(
            [sys.executable, "-m", "plainly", "demo", "--no-serve"],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        log = Path(folder) / "serve.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "plainly", "serve", "--port", str(port),
                 "--workers", "2", "--no-worker"],
                env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            wait_until_serving(base_url + "/robots.txt", server, log, timeout=120)
            os.environ.update(env)
            os.environ["DJANGO_SETTINGS_MODULE"] = "plainly.settings"
            import django

            django.setup()
            measure(base_url + QUESTION, options.changes)
        finally:
            server.terminate()
            server.wait(timeout=30)


class Reader(threading.Thread):
    """Asks for the page without pause; keeps (when asked, X-Cache, seconds taken, the page)."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.answers, self.stopping = url, [], False

    def run(self) -> None:
        while not self.stopping:
            asked = time.monotonic()
            with urllib.request.urlopen(self.url, timeout=30) as response:  # noqa: S310 - loopback
                page = response.read().decode()
                cache = response.headers.get("X-Cache", "")
            self.answers.append((asked, cache, time.monotonic() - asked, page))


def measure(url: str, changes: int) -> None:
    from wagtail.models import Page

    from plainly.accounts.tests.factories import make_staff
    from plainly.discussion import moderation
    from plainly.discussion.models import Comment
    from plainly.discussion.tests.factories import make_comment

    page = Page.objects.get(url_path__endswith=QUESTION).specific
    moderator = make_staff("Bench moderator", group="Moderators")
    reader = Reader(url)
    reader.start()
    shown_after, slowest, misses = [], [], 0
    for number in range(changes):
        words = f"Bench comment number {number} at {time.time_ns()}."
        held = make_comment(page, body=words, state=Comment.State.HELD)
        time.sleep(0.5)  # the page is kept again, and readers have asked for it
        seen_from = len(reader.answers)
        moderation.moderate(held, decision="approve", by=moderator)
        approved = time.monotonic()
        while True:
            time.sleep(0.01)
            answers = reader.answers[seen_from:]
            shown = [asked for asked, _cache, _took, text in answers if words in text]
            if shown:
                break
            if time.monotonic() - approved > 30:
                raise SystemExit(f"comment {number} never appeared")
        shown_after.append(max(0.0, shown[0] - approved))
        window = [a for a in answers if a[0] <= shown[0]]
        slowest.append(max(took for _asked, _cache, took, _text in window))
        misses += sum(1 for _asked, cache, _took, _text in window if cache == "MISS")
    reader.stopping = True
    reader.join(timeout=30)
    shown_after.sort()
    median, last = statistics.median(shown_after) * 1000, shown_after[-1] * 1000
    print(
        f"{changes} comments approved on {QUESTION}: shown after a median of "
        f"{median:.0f} ms (slowest {last:.0f} ms); "
        f"slowest answer to a reader meanwhile {max(slowest) * 1000:.0f} ms; "
        f"answers that waited for a render (MISS): {misses}"
    )


if __name__ == "__main__":
    main()
