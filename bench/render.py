"""How long one question page takes to render, in one process, with nothing kept.

    python bench/render.py                   # the demo's North Korea question, 50 comments
    python bench/render.py --renders 500 --profile

Makes a fresh demo installation of its own (not timed), gives the North Korea question 50
approved comments in 25 threads, then renders the page for an anonymous reader through Django
(the page cache is a WSGI layer in front of Django, so it never answers here) with the page
cache's fragments and kept rows off (PLAINLY_PAGE_CACHE_SECONDS=0). Prints the median and the
90th percentile of many renders, and the queries one render makes. Issue 24's aim is a median
of 3 ms or less.
"""

import argparse
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
    env = {**os.environ, "PLAINLY_VAR_DIR": str(folder), "PLAINLY_PAGE_CACHE_SECONDS": "0"}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument("--sort", default="cumulative", help="the profile's order: tottime...")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plainly-render-bench-") as folder:
        os.environ.update(installation(Path(folder)))
        os.environ["DJANGO_SETTINGS_MODULE"] = "plainly.settings"
        import django

        django.setup()
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        with_comments(QUESTION, COMMENTS)
        client = Client(HTTP_HOST="127.0.0.1")  # the demo site's own address
        for _ in range(20):  # templates compiled, connections open
            response = client.get(QUESTION)
            if response.status_code != 200:
                raise SystemExit(f"{QUESTION} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(QUESTION)
        count = len(queries)  # read now: the log is the connection's, which a request may close
        took = []
        for _ in range(options.renders):
            started = time.perf_counter()
            response = client.get(QUESTION)
            took.append((time.perf_counter() - started) * 1000)
        took.sort()
        print(
            f"{QUESTION} with {COMMENTS} approved comments, {options.renders} renders: "
            f"median {statistics.median(took):.2f} ms, "
            f"90th percentile {took[int(len(took) * 0.9)]:.2f} ms, "
            f"{count} queries, {len(response.content):,} bytes"
        )
        if options.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(50):
                client.get(QUESTION)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(options.sort).print_stats(40)


if __name__ == "__main__":
    main()
