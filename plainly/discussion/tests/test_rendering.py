"""Comments written out in Python read exactly as their templates write them."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion.models import Comment
from plainly.discussion.reading import (
    COMMENTS_PER_PAGE,
    ShownComment,
    blank_reader_fields,
    discussion_for,
)
from plainly.discussion.rendering import comment_html, readers_region_html, threads_html
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    return make_question(make_topic())


def as_shown(comment: Comment) -> ShownComment:
    """The comment as the discussion region reads it: a row with its author's name and mark."""
    threads = discussion_for(comment.page, order="oldest", page_number=None).comments
    return next(
        shown for thread in threads for shown in [thread, *thread.replies] if shown.pk == comment.pk
    )


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
    make_comment(question, parent=comment)  # a deleted comment is listed while it has replies
    Comment.objects.filter(pk=comment.pk).update(deleted_at=timezone.now())
    comment = as_shown(comment)

    assert comment_html(comment, can_reply=True) == templated(comment, True)


def test_the_writer_s_own_comment_goes_through_the_template(question):
    writer = make_member("Jo")
    comment = as_shown(make_comment(question, author=writer))
    comment.is_owned_by_viewer = True

    assert comment_html(comment, can_reply=True) is None


# The region's list of threads as a template would write it: the reference for threads_html.
THREADS = Template(
    """{% load discussion_region %}
      {% for comment in threads %}
        <li>
          {% if comment.is_owned_by_viewer %}OWN {{ comment.pk }}{% else %}{% include "discussion/includes/comment.html" with can_reply=can_reply %}{% endif %}
          {% if comment.replies %}
            <ol class="comments comments--replies" aria-label="Replies to {{ comment.display_name }}">
              {% for reply in comment.replies %}
                <li>{% if reply.is_owned_by_viewer %}OWN {{ reply.pk }}{% else %}{% include "discussion/includes/comment.html" with comment=reply can_reply=False %}{% endif %}</li>
              {% endfor %}
            </ol>
          {% endif %}
        </li>
      {% endfor %}
    """  # noqa: E501
)


@pytest.mark.parametrize("can_reply", [True, False])
def test_a_page_of_threads_with_replies_deleted_comments_and_the_viewer_s_own(question, can_reply):
    writer = make_member('Jo "<3"')
    first = make_comment(question, name="Ann & Bob", minutes_ago=50)
    make_comment(question, parent=first, name="<i>Cy</i>", minutes_ago=40)
    own_reply = make_comment(question, parent=first, author=writer, minutes_ago=30)
    gone = make_comment(question, minutes_ago=20)
    make_comment(question, parent=gone, minutes_ago=10)
    Comment.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    own = make_comment(question, author=writer)
    threads = discussion_for(question, order="oldest", page_number=None).comments
    for thread in threads:
        for comment in [thread, *thread.replies]:
            comment.is_owned_by_viewer = comment.pk in {own.pk, own_reply.pk}

    html = threads_html(threads, can_reply=can_reply, own=lambda c, _: f"OWN {c.pk}")

    expected = THREADS.render(Context({"threads": threads, "can_reply": can_reply}))
    assert html == expected
    assert f"OWN {own.pk}" in html and f"OWN {own_reply.pk}" in html
    assert "Comment deleted" in html and "Ann &amp; Bob" in html and "&lt;i&gt;Cy" in html
    assert ("comment__reply" in html) == can_reply
    assert as_shown(own).display_name == 'Jo "<3"'  # a member's comment shows their name


def templated_region(question, discussion, *, is_open: bool) -> str:
    request = RequestFactory().get(question.url)
    request.user = AnonymousUser()
    context = {
        "page": question,
        "discussion": discussion,
        "discussion_open": is_open,
        "comment_form": None,
        "comment_form_has_token": False,
        "blank_fields": blank_reader_fields(),
    }
    return render_to_string("discussion/includes/region.html", context, request)


def region_both_ways(question, *, order="oldest", page_number=None, is_open=True):
    discussion = discussion_for(question, order=order, page_number=page_number)
    python = readers_region_html(
        question, discussion, is_open=is_open, form_fields=blank_reader_fields()
    )
    return python, templated_region(question, discussion, is_open=is_open)


@pytest.mark.parametrize("is_open", [True, False])
def test_a_region_without_comments_for_readers(question, is_open):
    python, templated = region_both_ways(question, is_open=is_open)

    assert python == templated
    assert "No comments yet" in python and ("Post comment" in python) == is_open


@pytest.mark.parametrize("order", ["oldest", "newest"])
@pytest.mark.parametrize("is_open", [True, False])
def test_a_region_with_one_comment_for_readers(question, order, is_open):
    make_comment(question, name="Ann & Bob")

    python, templated = region_both_ways(question, order=order, is_open=is_open)

    assert python == templated
    assert "(1 comment)" in python and "Ann &amp; Bob" in python


@pytest.mark.parametrize("page_number", [None, "2"])
@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_each_page_of_a_long_region_for_readers(question, order, page_number):
    for n in range(COMMENTS_PER_PAGE + 1):
        make_comment(question, minutes_ago=n)
    make_comment(question, parent=Comment.objects.first())

    python, templated = region_both_ways(question, order=order, page_number=page_number)

    assert python == templated
    assert f"({COMMENTS_PER_PAGE + 2} comments)" in python
    assert ("More comments" in python) == (page_number is None)
    assert ("Previous comments" in python) == (page_number == "2")
