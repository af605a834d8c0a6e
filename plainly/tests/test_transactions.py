"""Rows that can be drawn again are committed without waiting for the disk; others still wait."""

import threading

import pytest
from django.db import connection, connections, transaction

from plainly.backends.transactions import redrawable
from plainly.pagecache.models import StoredFragment


def commit_waits_for_disk() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0] == "on"
        cursor.execute("PRAGMA synchronous")  # WAL with NORMAL: no commit waits for the disk
        return cursor.fetchone()[0] != 1


def seen_by_another_connection(key: str) -> bool:
    seen = []

    def look():
        try:
            seen.append(StoredFragment.objects.filter(key=key).exists())
        finally:
            connections.close_all()

    reader = threading.Thread(target=look)
    reader.start()
    reader.join()
    return seen == [True]


@pytest.mark.django_db(transaction=True)
def test_a_redrawable_write_is_committed_without_waiting_for_the_disk():
    assert commit_waits_for_disk() == (connection.vendor == "postgresql")
    with redrawable():
        StoredFragment.objects.create(key="k1", path="/a/", part="article", rendered_at=1.0)
        assert not commit_waits_for_disk()
    assert seen_by_another_connection("k1")  # committed all the same
    # Only that transaction: the next ones wait as before.
    assert commit_waits_for_disk() == (connection.vendor == "postgresql")


@pytest.mark.django_db(transaction=True)
def test_inside_another_transaction_a_redrawable_write_changes_nothing():
    with transaction.atomic():
        with redrawable():
            StoredFragment.objects.create(key="k2", path="/a/", part="article", rendered_at=1.0)
        # The outer transaction's writes (a comment, say) may matter: its commit still waits.
        assert commit_waits_for_disk() == (connection.vendor == "postgresql")
    assert seen_by_another_connection("k2")
