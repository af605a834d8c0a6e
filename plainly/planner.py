"""The database's query planner needs to know the tables' sizes to choose the right indexes."""

from django.db import connection


def update_statistics() -> None:
    """Sample the tables for the planner. PostgreSQL's autovacuum does this by itself; SQLite
    keeps no statistics until asked, and without them it can scan a million comments for one
    question's page. ``analysis_limit`` keeps SQLite's sampling to a second or two."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
