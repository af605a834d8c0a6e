"""``plainly bench-data`` fills a site for the benchmarks: what it adds is there to be read, and
the database is ready to be measured the moment it finishes."""

import json
import sqlite3

from plainly.conftest import installation, own_database, run_plainly

STORED = """
import json
from django.db import connection
from plainly.discussion.models import Comment
from plainly.questions.models import QuestionPage, TopicPage

table = Comment._meta.db_table
with connection.cursor() as cursor:
    if connection.vendor == "sqlite":
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        ready = cursor.fetchone()[0] > 0
    else:
        # Set by a vacuum only: index-only scans can skip the rows it marks visible to all.
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [table])
        ready = cursor.fetchone()[0] > 0
print(json.dumps({
    "topics": TopicPage.objects.live().count(),
    "questions": QuestionPage.objects.live().count(),
    "comments": Comment.objects.count(),
    "ready": ready,
}))
"""


def test_bench_data_adds_what_it_says_and_leaves_the_planner_ready(tmp_path):
    database_url, database = own_database(tmp_path, "benchdata")
    site = installation(tmp_path, database_url)
    try:
        done = site.plainly(
            "bench-data", "--pages", "40", "--comments", "600", "--topics", "3", timeout=300
        )
        assert "Added 3 topics, 40 questions and 600 comments" in done.stdout
        stored = json.loads(site.plainly("shell", "-c", STORED).stdout.strip().splitlines()[-1])
    finally:
        if database:
            database.drop()

    assert stored["topics"] == 3
    assert stored["questions"] == 40
    assert stored["comments"] == 600
    assert stored["ready"], "no statistics (SQLite) or no vacuum (PostgreSQL) after the load"


def test_bench_data_refuses_sizes_that_make_no_site(tmp_path):
    database = tmp_path / "site.sqlite3"
    done = run_plainly("bench-data", "--pages", "0", PLAINLY_DATABASE_URL=f"sqlite:///{database}")
    assert done.returncode != 0
    assert "--pages and --topics must be at least 1" in done.stderr
    # Refused before anything was written: not even the tables were made.
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
