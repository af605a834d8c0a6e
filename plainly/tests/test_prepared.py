"""Queries built once and run again with other values read what the ORM would read."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from plainly.backends.prepared import Prepared

pytestmark = pytest.mark.django_db

User = get_user_model()
NOBODY = -9_000_001


def members_named(name, above):
    users = User.objects.filter(Q(username=name) | Q(is_staff=True), pk__gt=above)
    return users.order_by("pk").values_list("pk", "username", "is_active", "date_joined")


def test_each_run_reads_the_rows_for_its_values_as_the_orm_does():
    long_ago = timezone.now() - datetime.timedelta(days=30)
    ann = User.objects.create_user("ann", "ann@example.org", date_joined=long_ago)
    bob = User.objects.create_user("bob", "bob@example.org", is_active=False)
    query = Prepared(members_named, name="no such name", above=NOBODY)

    for name, above in [("ann", 0), ("bob", 0), ("bob", ann.pk)]:
        assert query.rows(name=name, above=above) == list(members_named(name, above))
    assert query.rows(name="ann", above=ann.pk) == []  # the other value counts too
    (row,) = query.rows(name="bob", above=0)
    assert row[:3] == (bob.pk, "bob", False)  # a boolean, not SQLite's 0
    assert row[3] == bob.date_joined and row[3].tzinfo is not None  # an aware datetime


def test_a_stand_in_that_the_query_does_not_hold_once_is_refused():
    twice = Prepared(lambda pk: User.objects.filter(pk=pk, id__gte=pk).values_list("pk"), pk=5)
    missing = Prepared(lambda pk: User.objects.filter(is_active=True).values_list("pk"), pk=5)

    for query in (twice, missing):
        with pytest.raises(ValueError, match="stand-in"):
            query.rows(pk=1)
    with pytest.raises(TypeError, match="number or a string"):
        Prepared(lambda at: User.objects.filter(last_login=at).values_list("pk"), at=timezone.now())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_thread_runs_it_on_its_own_connection():
    member = User.objects.create_user("cy", "cy@example.org")
    query = Prepared(lambda pk: User.objects.filter(pk=pk).values_list("username"), pk=NOBODY)
    assert query.rows(pk=member.pk) == [("cy",)]
    found = []

    def read():
        from django.db import connection

        try:
            found.append(query.rows(pk=member.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()

    assert found == [[("cy",)]]
