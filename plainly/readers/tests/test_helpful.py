"""'Was this helpful?': a reader's yes or no on a question's page, one a page a day, kept with
the revision they read, and the editors' report of the questions that failed readers."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import PageViewRestriction

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.pagecache import site_today
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import make_question, make_topic
from plainly.readers import voting
from plainly.readers.models import Vote
from plainly.readers.templatetags import readers_tags
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db

URL = "/readers/helpful/"
ADDRESS = "198.51.100.77"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def question():
    return make_question(make_topic(title="Korea"), title="Is the Korean War over?")


def vote(client, page, *, address: str = ADDRESS, as_json: bool = True, **fields):
    """Send a vote on ``page`` (a page or its id) from ``address``: ``fields`` are the form's,
    or request headers (HTTP_...)."""
    headers = {name: value for name, value in fields.items() if name.startswith("HTTP_")}
    data = {"page": getattr(page, "pk", page)}
    data.update((name, value) for name, value in fields.items() if name not in headers)
    headers.update(JSON if as_json else {}, REMOTE_ADDR=address)
    return client.post(URL, data, **headers)


def test_a_reader_says_the_page_helped(client, question):
    response = vote(client, question, helpful="yes")

    assert response.status_code == 200
    assert response.json() == {"recorded": True, "asks_why": False}
    stored = Vote.objects.get()
    assert (stored.page_id, stored.helpful, stored.day) == (question.pk, True, timezone.localdate())
    # The version the reader was shown.
    assert stored.revision_id == QuestionPage.objects.get(pk=question.pk).live_revision_id
    assert not response.cookies  # a reader who is not signed in gets no cookie


def test_after_a_no_the_reader_may_say_why(client, question):
    first = vote(client, question, helpful="no")
    second = vote(client, question, helpful="no", reason="out_of_date", text=" The figure is old. ")

    assert first.json()["asks_why"] is True and second.json()["asks_why"] is False
    stored = Vote.objects.get()  # the same vote, told why
    assert (stored.helpful, stored.reason, stored.text) == (
        False,
        "out_of_date",
        "The figure is old.",
    )


def test_one_vote_a_reader_a_page_a_day(client, question):
    other = make_question(question.get_parent().specific, title="Where is the border?")
    vote(client, question, helpful="yes")
    vote(client, question, helpful="no")  # changed their mind: still one vote
    vote(client, other, helpful="yes")
    vote(client, question, helpful="yes", address="203.0.113.5")  # another reader

    assert Vote.objects.filter(page=question).count() == 2
    assert not Vote.objects.get(page=question, voter=voting.voter(
        f"ip:{_hash(ADDRESS)}", question, timezone.localdate())).helpful  # fmt: skip
    # Yesterday's vote is yesterday's: today's is another.
    Vote.objects.filter(page=other).update(day=timezone.localdate() - datetime.timedelta(days=1))
    vote(client, other, helpful="yes")
    assert Vote.objects.filter(page=other).count() == 2


def _hash(address: str) -> str:
    from plainly.abuse import hash_ip

    return hash_ip(address)


def test_a_readers_votes_cannot_be_linked_and_hold_nothing_of_them(client, question):
    other = make_question(question.get_parent().specific, title="Where is the border?")
    vote(client, question, helpful="no", reason="hard", text="Too long.", HTTP_USER_AGENT="Agent/9")
    vote(client, other, helpful="yes", HTTP_USER_AGENT="Agent/9")

    voters = set(Vote.objects.values_list("voter", flat=True))
    assert len(voters) == 2  # the same reader, as two strangers
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Vote._meta.db_table}")  # noqa: S608 - our name
        stored = repr(cursor.fetchall())
    assert ADDRESS not in stored and _hash(ADDRESS) not in stored and "Agent/9" not in stored


def test_a_member_votes_as_themselves(client, question):
    client.force_login(make_member("Rita"))
    vote(client, question, helpful="yes")
    vote(client, question, helpful="yes", address="203.0.113.5")  # the same member elsewhere

    assert Vote.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "This field is required."),
        ({"helpful": "maybe"}, "Select a valid choice."),
        ({"helpful": "no", "reason": "boring"}, "Select a valid choice."),
        ({"helpful": "no", "text": "x" * 10_000}, "at most 500 characters"),
        ({"helpful": "yes", "page": "first"}, "Enter a whole number."),
    ],
)
def test_a_vote_the_site_cannot_read_is_refused_with_a_reason(client, question, fields, message):
    response = vote(client, fields.pop("page", question), **fields)

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Vote.objects.exists()


def test_a_vote_sent_from_a_form_is_refused_in_the_sites_own_page(client, question):
    response = vote(client, question, as_json=False, helpful="maybe")

    assert response.status_code == 400
    assert "We couldn’t understand that request" in response.content.decode()


def test_only_questions_a_reader_may_read_take_votes(client, question):
    hidden = make_question(question.get_parent().specific, title="Who may read this?")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    gone = make_question(question.get_parent().specific, title="What was this?")
    QuestionPage.objects.get(pk=gone.pk).unpublish()

    for page in (hidden, gone, question.get_parent(), 999_999):
        assert vote(client, page, helpful="yes").status_code == 404
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_REFERER": "https://elsewhere.example/page/"},
    ],
)
def test_votes_sent_from_another_site_are_refused(client, question, headers):
    response = vote(client, question, helpful="no", **headers)

    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_votes_sent_from_the_sites_own_pages_are_taken(client, question):
    response = vote(client, question, helpful="yes", HTTP_ORIGIN="http://testserver")

    assert response.status_code == 200 and Vote.objects.count() == 1


def test_a_flood_of_votes_from_one_reader_is_stopped(client, question):
    answers = [vote(client, question, helpful="yes").status_code for _ in range(12)]

    assert answers[:10] == [200] * 10
    assert answers[10:] == [429, 429]
    assert "too often" in vote(client, question, helpful="yes").json()["error"]
    assert Vote.objects.count() == 1
    # Another reader is not held back.
    assert vote(client, question, helpful="yes", address="203.0.113.5").status_code == 200


def test_without_javascript_the_reader_is_asked_why_on_a_page_of_its_own(client, question):
    asked = vote(client, question, as_json=False, helpful="no").content.decode()
    thanked = vote(client, question, as_json=False, helpful="no", reason="wrong").content.decode()

    assert "What was wrong with “Is the Korean War over?”" in asked
    assert 'name="reason" value="missing"' in asked
    assert "What was wrong" not in thanked and "Thanks for telling us" in thanked
    assert f'href="{question.url}"' in thanked
    assert Vote.objects.get().reason == "wrong"


def test_the_question_page_asks_and_stays_the_same_for_every_reader(
    question, settings, keep_the_test_connection
):
    settings.ALLOWED_HOSTS = ["localhost"]

    status, headers, body = call_wsgi(question.url)
    again = call_wsgi(question.url)

    assert status == 200 and "public" in headers["Cache-Control"]
    assert "Was this helpful?" in body.decode()
    assert f'name="page" value="{question.pk}"' in body.decode()
    assert again[1]["X-Cache"] == "HIT" and again[2] == body


def test_each_page_asks_about_itself(client, question):
    other = make_question(question.get_parent().specific, title="Where is the border?")

    for page in (question, other, question):
        asked = BeautifulSoup(client.get(page.url).text, "html.parser")
        ids = {field["value"] for field in asked.select("[data-helpful] input[name=page]")}
        assert ids == {str(page.pk)}, page.title
    drawn = render_to_string(
        "readers/helpful.html", {"page": other, "reasons": Vote.Reason.choices}
    )
    assert readers_tags.helpful(other) == drawn  # drawn once, the same as drawn for the page


def test_editors_see_the_questions_that_failed_readers_with_why(client, question):
    border = make_question(question.get_parent().specific, title="Where is the border?")
    for n, (page, helpful, reason, text) in enumerate([
        (question, False, "out_of_date", "<script>alert('x')</script> The date is wrong."),
        (question, False, "out_of_date", ""),
        (question, False, "hard", ""),
        (question, True, "", ""),
        (border, False, "missing", "Which border?"),
    ]):  # fmt: skip
        vote(client, page, address=f"203.0.113.{n + 1}", helpful="yes" if helpful else "no",
             reason=reason, text=text)  # fmt: skip
    client.force_login(make_staff("Erin", group="Editors"))

    html = client.get("/admin/reports/least-helpful/").content.decode()
    dashboard = client.get("/admin/").content.decode()

    assert html.index(question.title) < html.index(border.title)  # three "no" before one
    assert "It’s out of date: 2" in html and "It’s hard to understand: 1" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html  # inert
    assert f'href="/admin/pages/{question.pk}/edit/"' in html
    assert "Readers said these did not help" in dashboard and "3 “no”" in dashboard


def test_the_report_reads_every_questions_words_in_a_fixed_number_of_queries(
    client, question, django_assert_max_num_queries
):
    from plainly.readers.voting import least_helpful

    topic = question.get_parent().specific
    pages = [question] + [make_question(topic, title=f"Question {n}?") for n in range(5)]
    for n, page in enumerate(pages):
        for m in range(3):
            vote(client, page, address=f"203.0.113.{10 * n + m}", helpful="no",
                 text=f"Words {m} on {page.title}")  # fmt: skip

    with django_assert_max_num_queries(4):
        rows = least_helpful(30, limit=10, texts=2)

    assert len(rows) == 6
    assert all(len(row.texts) == 2 for row in rows)
    assert rows[0].texts == [
        f"Words 2 on {rows[0].question.title}",
        f"Words 1 on {rows[0].question.title}",
    ]


@pytest.mark.parametrize("origin", ["http://[", "null", "https://testserver"])
def test_an_origin_not_this_sites_or_not_an_address_is_refused(client, question, origin):
    # https://testserver: the host, but not the scheme the site answered on.
    assert vote(client, question, helpful="yes", HTTP_ORIGIN=origin).status_code == 403
    assert not Vote.objects.exists()


def test_a_bare_no_again_keeps_the_reason_given(client, question):
    vote(client, question, helpful="no", reason="wrong", text="The year is 1953.")
    vote(client, question, helpful="no")  # the cached page, reloaded and answered again

    stored = Vote.objects.get()
    assert (stored.reason, stored.text) == ("wrong", "The year is 1953.")
    vote(client, question, helpful="yes")  # changed their mind: nothing of the no stays
    stored.refresh_from_db()
    assert (stored.helpful, stored.reason, stored.text) == (True, "", "")


def test_a_votes_hash_is_forgotten_after_its_day(client, question):
    from plainly.readers.retention import forget_old_records

    vote(client, question, helpful="yes")
    today = site_today()
    forget_old_records(today)
    assert not Vote.objects.get().voter.startswith("forgotten:")  # still today's

    forget_old_records(today + datetime.timedelta(days=1))
    stored = Vote.objects.get()
    assert stored.voter == f"forgotten:{stored.pk}" and stored.helpful


def test_the_address_hash_is_the_one_bans_and_limits_were_kept_by():
    from django.utils.crypto import salted_hmac

    from plainly.abuse import hash_ip

    # The discussion's salt, kept when the hash moved: bans by address made before still match.
    expected = salted_hmac("plainly.discussion.ip", "203.0.113.7", algorithm="sha256").hexdigest()
    assert hash_ip("203.0.113.7") == expected
