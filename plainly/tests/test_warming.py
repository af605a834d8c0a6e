"""``plainly warm``: pages are rendered into the page cache, and their first readers find them
kept."""

import datetime
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from plainly.pagecache.reads import add
from plainly.questions.tests.factories import home_page, make_question, make_topic
from plainly.testing.isolation import clear_cache
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def served_in_process(keep_the_test_connection, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver", "127.0.0.1"]
    clear_cache()


def host() -> str:
    """The site's address, as its readers (and the warming) ask for it."""
    return urlsplit(Site.objects.get(is_default_site=True).root_url).netloc


def reader_gets(path: str) -> str:
    status, headers, _ = call_wsgi(path, HTTP_HOST=host())
    assert status == 200, path
    return headers["X-Cache"]


def test_warmed_pages_are_kept_for_their_first_readers(capsys):
    korea = make_topic(title="Korea")
    question = make_question(korea, title="Is the Korean War over?")

    call_command("warm", verbosity=0)

    assert "pages rendered and kept" in capsys.readouterr().out
    for path in ["/", korea.url, question.url]:
        assert reader_gets(path) == "HIT", path


def test_a_second_warming_finds_them_kept(capsys):
    make_question(make_topic(title="Korea"))
    call_command("warm", verbosity=0)
    capsys.readouterr()

    call_command("warm", verbosity=0)

    assert "0 pages rendered and kept, 3 kept already" in capsys.readouterr().out


def test_one_topic_or_only_the_home_page_and_topics():
    korea, japan = make_topic(title="Korea"), make_topic(title="Japan")
    in_korea, in_japan = make_question(korea), make_question(japan)

    call_command("warm", "--topic", korea.slug, verbosity=0)

    assert (reader_gets(korea.url), reader_gets(in_korea.url)) == ("HIT", "HIT")
    assert reader_gets(in_japan.url) == "MISS"
    clear_cache()
    call_command("warm", "--home-and-topics", verbosity=0)
    assert (reader_gets("/"), reader_gets(japan.url)) == ("HIT", "HIT")
    assert reader_gets(in_korea.url) == "MISS"


def test_pages_behind_a_password_are_not_warmed(capsys):
    korea = make_topic(title="Korea")
    private = make_question(korea, title="Who may read this?")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    call_command("warm", verbosity=0)

    # The home page and the topic; the question behind its password is not even asked for.
    assert "2 pages rendered and kept, 0 kept already, 0 not kept" in capsys.readouterr().out
    assert reader_gets(korea.url) == "HIT"
    _, headers, _ = call_wsgi(private.url, HTTP_HOST=host())
    assert headers.get("X-Cache") != "HIT"


def test_an_unknown_topic_is_refused():
    assert home_page() is not None
    with pytest.raises(CommandError, match="no published topic"):
        call_command("warm", "--topic", "atlantis", verbosity=0)


def test_the_pages_read_most_this_week(capsys):
    korea = make_topic(title="Korea")
    questions = [make_question(korea, title=f"Question {n}?") for n in range(3)]
    today = timezone.localdate()
    add(
        Counter({
            (questions[0].url, today): 3,
            (questions[1].url, today - datetime.timedelta(days=2)): 9,
            (questions[2].url, today - datetime.timedelta(days=30)): 50,  # read, but not lately
        })
    )  # fmt: skip

    call_command("warm", "--most-read", "2", verbosity=0)

    assert "2 pages rendered and kept" in capsys.readouterr().out
    assert (reader_gets(questions[0].url), reader_gets(questions[1].url)) == ("HIT", "HIT")
    assert (reader_gets(questions[2].url), reader_gets(korea.url)) == ("MISS", "MISS")


@pytest.mark.parametrize("count", ["0", "-3", "many"])
def test_a_count_of_pages_that_is_not_one_or_more_is_refused(count, capsys):
    with pytest.raises(CommandError, match="1 or more"):
        call_command("warm", "--most-read", count, verbosity=0)
