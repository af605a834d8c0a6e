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


def settle_bulk_load() -> None:
    """After loading many rows at once: statistics for the planner and, on PostgreSQL, a vacuum.
    Until a vacuum marks the new rows visible to every transaction, an index-only scan must
    still read each row from the table (searches over 100,000 new pages: 7 a second, and 40
    after a vacuum), and autovacuum gets there only minutes later. VACUUM cannot run in a
    transaction, so neither can this."""
    if connection.vendor != "postgresql":
        update_statistics()
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
