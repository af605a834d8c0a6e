"""What every test of Plainly's apps starts from (the fixtures all tests share are the plugins of
``plainly.testing``, loaded by the root ``conftest.py``)."""

import pytest

from plainly.search import similar
from plainly.serving import logs
from plainly.testing.isolation import clear_cache, reads_counted_in_the_test
from plainly.testing.wsgi import wsgi_application


@pytest.fixture(scope="session", autouse=True)
def wsgi_loaded(django_db_setup):
    """Load the WSGI stack once, first: loading it sets up Django's logging again, which would
    take the log capture away from a test that happened to load it."""
    wsgi_application()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as the database starts empty; a stale page a test
    left rendering in the background is stored before the next begins, never into its cache."""
    from plainly import pagecache

    clear_cache()
    yield
    pagecache.revalidations.wait()


@pytest.fixture(autouse=True)
def access_lines_written():
    """Access lines are written a few times a second, after their requests: those of earlier
    tests are written before this one starts, never into its captured logs, and the pages'
    reads they counted go with them."""
    logs.flush()
    reads_counted_in_the_test()


@pytest.fixture(autouse=True)
def rankings_asked_in_the_test():
    """Related questions' rankings a render asks for go to the worker when a test says
    (``similar.asked.send()``), not from a thread that cannot see the test's data; none asked
    for in an earlier test carry over."""
    similar.asked.in_background = False
    with similar.asked.lock:
        similar.asked.pending.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """What runs once a change is committed (purges, re-indexing) runs at the end of a
    ``with committed():`` block, as a commit would: the test's own transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
