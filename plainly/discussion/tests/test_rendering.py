"""A comment written out in Python reads exactly as its template writes it."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion.models import Comment
from plainly.discussion.rendering import comment_html
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    return make_question(make_topic())


def as_shown(comment: Comment) -> Comment:
    """The comment as the discussion region reads it: with its author and their staff mark."""
    return Comment.objects.with_authors().get(pk=comment.pk)


def templated(comment: Comment, can_reply: bool) -> str:
    return render_to_string(
        "discussion/includes/comment.html", {"comment": comment, "can_reply": can_reply}
    )


@pytest.mark.parametrize("can_reply", [True, False])
def test_a_reader_s_comment(question, can_reply):
    comment = as_shown(make_comment(question, name="Rosa <b>\"&'", body="Two *lines*\n\n> quoted"))

    assert comment_html(comment, can_reply=can_reply) == templated(comment, can_reply)


def test_a_member_of_staff_s_edited_reply(question):
    staff = make_staff("Mina", superuser=True)
    parent = make_comment(question)
    comment = make_comment(question, author=staff, parent=parent, body="A [link](https://x.org)")
    Comment.objects.filter(pk=comment.pk).update(
        edited_at=timezone.now(),
        created_at=datetime.datetime(2025, 3, 9, 23, 59, tzinfo=datetime.UTC),
    )
    comment = as_shown(comment)

    html = comment_html(comment, can_reply=False)
    assert "Staff" in html and "(edited)" in html
    assert html == templated(comment, False)


def test_a_deleted_comment(question):
    comment = make_comment(question)
    Comment.objects.filter(pk=comment.pk).update(deleted_at=timezone.now())
    comment = as_shown(comment)

    assert comment_html(comment, can_reply=True) == templated(comment, True)


def test_the_writer_s_own_comment_goes_through_the_template(question):
    writer = make_member("Jo")
    comment = as_shown(make_comment(question, author=writer))
    comment.is_owned_by_viewer = True

    assert comment_html(comment, can_reply=True) is None
