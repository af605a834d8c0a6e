"""How long one question page takes to render, in one process, when no cache holds it.

    python bench/render.py                   # the demo's North Korea question, 50 comments
    python bench/render.py --renders 500 --profile

Makes a fresh demo installation of its own (not timed), gives the North Korea question 50
approved comments in 25 threads, then renders the page for an anonymous reader through Django
(the page cache is a WSGI layer in front of Django, so it never answers here), in three cases:

- *after a comment*: each render follows a change to the discussion, as a new comment makes,
  which leaves the article's render stored in the database (a durable fragment) and nothing
  else; the render a comment costs. Issue 24's aim is a median of 3 ms or less.
- *nothing kept*: the page cache off (``PAGE_CACHE_SECONDS`` 0), so every part is drawn from
  the database's rows: what a page's first reader after a new revision waits for.
- *a bare view*: robots.txt through the same middleware, the floor any page stands on here.

Prints the median and the 90th percentile of each (from the best of three rounds: other tenants
of a shared machine slow some rounds down), and the queries one render makes.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTION = "/korea/do-many-south-koreans-defect-to-north-korea/"
COMMENTS = 50


def installation(folder: Path) -> dict:
    env = {**os.environ, "PLAINLY_VAR_DIR": str(folder)}
    subprocess.run(
        [sys.executable, "-m", "plainly", "demo", "--no-serve"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env


def with_comments(path: str, total: int) -> None:
    """Approved comments on the question at ``path`` up to ``total``, half of them replies."""
    import datetime

    from django.utils import timezone
    from wagtail.models import Page

    from plainly.discussion import markup
    from plainly.discussion.models import Comment

    page = Page.objects.get(url_path__endswith=path).specific
    approved = Comment.objects.filter(page=page, state="approved")
    start = timezone.now() - datetime.timedelta(days=400)
    tops = list(approved.filter(parent=None))
    n = approved.count()
    while n < total:
        body = f"Reader {n} adds a thought with a *figure* of {n * 37:,} and a second sentence."
        parent = tops[n % len(tops)] if tops and n % 2 else None
        comment = Comment.objects.create(
            page=page,
            parent=parent,
            author_name=f"Reader {n}",
            body=body,
            body_html=markup.render(body),
            state="approved",
            created_at=start + datetime.timedelta(hours=n),
        )
        if parent is None:
            tops.append(comment)
        n += 1


class Django:
    """Requests to Django's own WSGI handler, every middleware included: the page cache and the
    other layers of ``plainly.wsgi`` in front of it are left out, as no cache is to answer."""

    def __init__(self):
        from django.core.wsgi import get_wsgi_application

        self.handler = get_wsgi_application()

    def get(self, path: str) -> tuple[str, bytes]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",  # the demo site's own address
            "REMOTE_ADDR": "192.0.2.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        started = []
        response = self.handler(
            environ, lambda status, headers, exc_info=None: started.append(status)
        )
        try:
            return started[0], b"".join(response)
        finally:
            response.close()


def timed(client: Django, path: str, renders: int, before=None, rounds: int = 1) -> list[float]:
    """The times of ``renders`` requests, from the round (of ``rounds``) with the lowest median:
    on a shared machine, other tenants slow some rounds down, never one up."""
    if rounds > 1:
        tries = [timed(client, path, renders, before) for _ in range(rounds)]
        return min(tries, key=statistics.median)
    took = []
    for _ in range(renders):
        if before is not None:
            before()
        started = time.perf_counter()
        status, _body = client.get(path)
        took.append((time.perf_counter() - started) * 1000)
        if not status.startswith("200"):
            raise SystemExit(f"{path} answered {status}")
    return sorted(took)


def report(case: str, took: list[float], queries: int | None = None) -> None:
    counted = f", {queries} queries" if queries is not None else ""
    print(
        f"{case:<16} median {statistics.median(took):6.2f} ms, "
        f"90th percentile {took[int(len(took) * 0.9)]:6.2f} ms{counted}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3, help="the best round's figures count")
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument("--sort", default="cumulative", help="the profile's order: tottime...")
    parser.add_argument("--only", nargs="*", help="profile lines whose file matches these")
    parser.add_argument(
        "--case",
        choices=("comment", "cold"),
        default="comment",
        help="the case profiled: after a comment, or nothing kept",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plainly-render-bench-") as folder:
        os.environ.update(installation(Path(folder)))
        os.environ["DJANGO_SETTINGS_MODULE"] = "plainly.settings"
        import django

        django.setup()
        from django.db import connection
        from django.test import override_settings
        from django.test.utils import CaptureQueriesContext
        from wagtail.models import Page

        from plainly import pagecache

        with_comments(QUESTION, COMMENTS)
        page = Page.objects.get(url_path__endswith=QUESTION)
        shown = pagecache.own_path(page)

        def a_comment() -> None:
            pagecache.refresh(shown, only=("discussion",))  # what a new comment purges

        client = Django()
        timed(client, QUESTION, 20)  # templates compiled, connections open, the article stored

        def counted(before=None) -> tuple[int, int]:
            if before is not None:
                before()
            with CaptureQueriesContext(connection) as queries:
                _status, body = client.get(QUESTION)
            # Read now: the log is the connection's, which a request may close.
            return len(queries), len(body)

        after_comment, size = counted(a_comment)
        report(
            "after a comment",
            timed(client, QUESTION, options.renders, a_comment, options.rounds),
            after_comment,
        )
        with override_settings(PAGE_CACHE_SECONDS=0):
            timed(client, QUESTION, 20)
            nothing_kept, _ = counted()
            report(
                "nothing kept",
                timed(client, QUESTION, options.renders, rounds=options.rounds),
                nothing_kept,
            )
        timed(client, "/robots.txt", 20)
        report("a bare view", timed(client, "/robots.txt", options.renders, rounds=options.rounds))
        print(
            f"{QUESTION}: {COMMENTS} approved comments, {size:,} bytes, {options.renders} renders"
        )
        if options.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            if options.case == "cold":
                with override_settings(PAGE_CACHE_SECONDS=0):
                    profiler.enable()
                    timed(client, QUESTION, 50)
                    profiler.disable()
            else:
                profiler.enable()
                timed(client, QUESTION, 50, a_comment)
                profiler.disable()
            pstats.Stats(profiler).sort_stats(options.sort).print_stats(*(options.only or []), 40)
        # The related questions the renders asked the worker for go now, while the installation's
        # files are still there: its thread would otherwise send them into a removed folder.
        from plainly.search.similar import asked

        if (timer := asked.timer) is not None:
            timer.cancel()
            timer.join()  # if it was sending already
        asked.send()


if __name__ == "__main__":
    main()
