"""A question page kept as a shell: after a comment, only its discussion is drawn again, and the
page readers get is byte for byte the page a full render gives; anything else about the page, or
anything personal, is never taken from the shell."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion import moderation
from plainly.discussion.models import Comment
from plainly.discussion.tests.factories import make_comment
from plainly.pagecache import store
from plainly.pagecache.models import StoredFragment
from plainly.testing.isolation import clear_cache

pytestmark = pytest.mark.django_db


def a_full_render(client, url: str, **headers):
    """The page as it is drawn when nothing is kept anywhere."""
    clear_cache()
    store.memory.forget_all()
    StoredFragment.objects.all().delete()
    return client.get(url, **headers)


def approve(comment: Comment, committed) -> None:
    with committed():
        moderation.moderate(comment, decision="approve", by=make_staff("Mo", group="Moderators"))


def test_after_a_comment_the_page_is_its_shell_with_the_discussion_drawn_anew(
    client, question, committed
):
    make_comment(question, body="The first thought.")
    client.get(question.url)  # the shell is kept
    approve(make_comment(question, body="A second thought.", state=Comment.State.HELD), committed)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(question.url)

    page = response.content
    assert b"A second thought." in page and b"The first thought." in page
    assert "public" in response["Cache-Control"]
    # Neither the article nor the page around it was read or drawn: the discussion's rows only.
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "questions_faqitem" not in tables and "pagecache_storedfragment" not in tables
    # No template at all: the page is its shell, the region for readers is written in Python.
    assert [template.name for template in response.templates] == []
    full = a_full_render(client, question.url)
    assert page == full.content
    assert headers_of(response) == headers_of(full)


def headers_of(response) -> dict:
    return {name: value for name, value in response.headers.items() if name != "Last-Modified"}


def test_a_new_revision_is_never_shown_in_the_old_shell(client, question, committed):
    client.get(question.url)
    question.title = "Is the Korean War over, in law?"
    with committed():
        question.save_revision().publish()

    page = client.get(question.url).content.decode()

    assert "Is the Korean War over, in law?" in page
    assert page.encode() == a_full_render(client, question.url).content


def test_members_and_readers_with_a_message_get_their_own_page(client, question, committed):
    client.get(question.url)  # the shell is kept, for anonymous readers
    approve(make_comment(question, body="A later thought."), committed)
    member = make_member("Minnie")
    client.force_login(member)

    page = client.get(question.url)

    assert "Minnie" in page.content.decode()  # the account links are the member's
    assert "private" in page["Cache-Control"]
    client.logout()
    with_message = client.get(question.url, HTTP_COOKIE="messages=x")
    assert "private" in with_message["Cache-Control"]


def test_a_discussion_page_no_link_makes_is_shown_from_the_shell_but_kept_by_none(
    client, question, committed
):
    for n in range(3):
        make_comment(question, body=f"Thought {n}.")
    client.get(question.url)
    approve(make_comment(question, body="One more.", state=Comment.State.HELD), committed)

    junk = client.get(question.url, {"order": "sideways"})
    far = client.get(question.url, {"comments": "9999"})

    assert b"One more." in junk.content and b"One more." in far.content
    assert "private" in junk["Cache-Control"] and "private" in far["Cache-Control"]
    assert junk.content == a_full_render(client, question.url + "?order=sideways").content


def test_a_change_that_keeps_the_revision_is_never_shown_in_the_old_shell(
    client, question, committed
):
    import datetime

    from plainly.editorial import reviews

    client.get(question.url)
    reviewer = make_staff("Rhea Reviewer", superuser=True)
    with committed():
        reviews.record_review(question, reviewer, today=datetime.date(2026, 12, 6))
    approve(make_comment(question, body="A thought after the review."), committed)

    page = client.get(question.url).content

    assert b"Rhea Reviewer" in page and b"A thought after the review." in page
    assert page == a_full_render(client, question.url).content


def test_a_shell_is_no_newer_than_the_article_it_holds(client, question):
    import time

    client.get(question.url)
    half_an_hour_ago = time.time() - 1800
    StoredFragment.objects.filter(part="article").update(rendered_at=half_an_hour_ago)
    StoredFragment.objects.filter(part="shell").delete()
    clear_cache()
    store.memory.forget_all()

    client.get(question.url)  # the stored article, in a new shell

    shell = StoredFragment.objects.get(part="shell")
    assert shell.rendered_at <= half_an_hour_ago
