"""Print the database's plan for every query of the hot requests: a question page, a topic page,
the home page and a search, rendered with nothing kept (page cache and fragments off), on the
benchmark site.

    PLAINLY_DATABASE_URL=postgres://postgres@127.0.0.1:5432/plainly_bench_100000_1000000 \\
        .venv/bin/python bench/explain.py
    PLAINLY_DATABASE_URL=sqlite:///var/bench/sqlite-100000-1000000/site.sqlite3 \\
        .venv/bin/python bench/explain.py

On PostgreSQL each query is shown with EXPLAIN (ANALYZE, BUFFERS)'s summary: the plan's top
lines, and the time. On SQLite with EXPLAIN QUERY PLAN's whole tree, and the time the query took
when run once more.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plainly.settings")
os.environ.setdefault("PLAINLY_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Nothing kept between requests (no page cache, no fragments): every query a render can make.
os.environ["PLAINLY_PAGE_CACHE_SECONDS"] = "0"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from plainly.questions.models import QuestionPage  # noqa: E402

PLAN_LINES = 6


def explain(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            depth = {0: -1}
            lines = []
            for node, parent, _, detail in cursor.fetchall():
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            return [*lines, f"Execution Time: {(time.perf_counter() - started) * 1000:.3f} ms"]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def main() -> None:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise SystemExit("bench/explain.py reads PostgreSQL's and SQLite's plans")
    question = (
        QuestionPage.objects.annotate(n=Count("comments")).filter(n__gte=60).order_by("n").first()
    )
    client = Client(HTTP_HOST="127.0.0.1")
    requests = {
        "question page": question.url,
        "topic page": question.get_parent().url,
        "home page": "/",
        "search": "/search/?q=wage+past",
    }
    for name, url in requests.items():
        client.get(url + ("&" if "?" in url else "?") + "warm=1")  # fill per-process caches
        with CaptureQueriesContext(connection) as queries:
            client.get(url + ("&" if "?" in url else "?") + "explain=1")
        print(f"## {name}: {url} ({len(queries)} queries)\n")
        for number, query in enumerate(queries.captured_queries, 1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            plan = explain(sql)
            timing = [line for line in plan if line.startswith("Execution Time")]
            print(f"{number}. `{sql[:110]}…`")
            print("```")
            shown = plan if connection.vendor == "sqlite" else plan[:PLAN_LINES]
            print("\n".join([line for line in shown if line not in timing] + timing))
            print("```\n")


if __name__ == "__main__":
    main()
