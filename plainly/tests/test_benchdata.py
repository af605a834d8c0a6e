"""``plainly bench-data`` fills a site for the benchmarks: what it adds is there to be read, and
the database is ready to be measured the moment it finishes."""

import json
import sqlite3

from plainly.testing.installations import demo_copy, installation, run_plainly
from plainly.testing.servers import loopback_url

STORED = """
import json
from django.db import connection
from plainly.discussion.models import Comment
from plainly.questions.models import QuestionPage, TopicPage

table = Comment._meta.db_table
with connection.cursor() as cursor:
    if connection.vendor == "sqlite":
        # ANALYZE's estimate of the table's rows, as the planner reads it.
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            planner = [int(row[0].split()[0]) for row in cursor.fetchall()]
        else:
            planner = []
    else:
        # Pages a vacuum found visible to every transaction (index-only scans skip reading
        # them), out of all the table's pages.
        cursor.execute("SELECT relallvisible, relpages FROM pg_class WHERE relname = %s", [table])
        planner = cursor.fetchone()
print(json.dumps({
    "topics": TopicPage.objects.live().count(),
    "questions": QuestionPage.objects.live().count(),
    "comments": Comment.objects.count(),
    "planner": planner,
}))
"""


def test_bench_data_adds_what_it_says_and_leaves_the_planner_ready(tmp_path, demo_made):
    # Added to a copy of the demo site: already migrated, as a site being measured would be.
    url = loopback_url()
    database_url, database = demo_copy(demo_made, tmp_path, "benchdata", url)
    site = installation(tmp_path, database_url, url)
    try:
        before = json.loads(site.plainly("shell", "-c", STORED).stdout.strip().splitlines()[-1])
        done = site.plainly(
            "bench-data", "--pages", "40", "--comments", "600", "--topics", "3", timeout=300
        )
        assert "Added 3 topics, 40 questions and 600 comments" in done.stdout
        after = json.loads(site.plainly("shell", "-c", STORED).stdout.strip().splitlines()[-1])
    finally:
        if database:
            database.drop()

    assert after["topics"] - before["topics"] == 3
    assert after["questions"] - before["questions"] == 40
    assert after["comments"] - before["comments"] == 600
    # The planner knows the table's new size (SQLite's ANALYZE), or a vacuum has seen every page
    # of it (PostgreSQL).
    if database is None:
        assert max(after["planner"], default=0) == after["comments"]
    else:
        visible, pages = after["planner"]
        assert pages > 0 and visible == pages


def test_bench_data_refuses_sizes_that_make_no_site(tmp_path):
    database = tmp_path / "site.sqlite3"
    done = run_plainly("bench-data", "--pages", "0", PLAINLY_DATABASE_URL=f"sqlite:///{database}")
    assert done.returncode != 0
    assert "--pages and --topics must be at least 1" in done.stderr
    # Refused before anything was written: not even the tables were made.
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
