"""Transactions for rows that can be drawn again."""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def redrawable():
    """A transaction for rows that are a copy of others (a rendered fragment): on PostgreSQL
    its commit does not wait for the write-ahead log to reach the disk, which took longer than
    the rest of the write. A crash can lose the last fraction of a second of such rows, never
    make them inconsistent: the log keeps its order, and later commits that wait flush them.
    Inside another transaction it changes nothing, as that one's writes may matter."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        yield
