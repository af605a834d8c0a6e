"""Property-based tests of every form readers and members send: any input gets an answer in
the site's style (the form again with errors, a redirect, a 4xx page), never a server error."""

import itertools

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainly.accounts.tests.factories import make_member
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

VALUE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "a" * 10_000, "<script>alert(1)</script>", "-1", "1e309",
                     "nobody@", "@example.org", "../../etc/passwd", "%00", "ü" * 70]),
)  # fmt: skip
MEMBERS = itertools.count()  # each example's member is new, also when hypothesis replays it
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

# Each form a visitor can send, with the fields it has.
PUBLIC_FORMS = {
    "/accounts/login/": ["login", "password", "remember"],
    "/accounts/signup/": ["email", "display_name", "password1", "password2"],
    "/accounts/password/reset/": ["email"],
    "/search/": ["q", "page"],
}
MEMBER_FORMS = {
    "/accounts/": ["display_name"],
    "/accounts/delete/": ["password", "comments", "confirm"],
    "/accounts/password/change/": ["oldpassword", "password1", "password2"],
}


def fields(names):
    return st.fixed_dictionaries({}, optional={name: VALUE for name in names})


@FUZZ
@given(path=st.sampled_from(sorted(PUBLIC_FORMS)), data=st.data())
def test_public_forms_never_fail(path, data):
    values = data.draw(fields(PUBLIC_FORMS[path]))
    client = Client(REMOTE_ADDR=f"198.51.100.{data.draw(st.integers(1, 254))}")
    method = client.get if path == "/search/" else client.post
    assert method(path, values).status_code < 500


@FUZZ
@given(data=st.data())
def test_comment_posting_flagging_and_editing_never_fail(data):
    question = make_question(make_topic(), title="Can anything break this form?")
    comment = make_comment(question, body="A first comment.")
    values = data.draw(fields(["body", "parent", "name", "email", "website", "started"]))
    client = Client(REMOTE_ADDR=f"203.0.113.{data.draw(st.integers(1, 254))}")

    assert client.post(f"/discussion/questions/{question.pk}/comments/", values).status_code < 500
    assert client.post(f"/discussion/comments/{comment.pk}/flag/", values).status_code < 500
    assert client.post(f"/discussion/comments/{comment.pk}/reply/", values).status_code < 500


@FUZZ
@given(path=st.sampled_from(sorted(MEMBER_FORMS)), data=st.data())
def test_members_forms_never_fail(path, data):
    member = make_member(f"m{next(MEMBERS)}")
    client = Client()
    client.force_login(member)
    values = data.draw(fields(MEMBER_FORMS[path]))

    assert client.post(path, values).status_code < 500


@FUZZ
@given(data=st.data())
def test_editing_and_deleting_ones_own_comment_never_fail(data):
    member = make_member(f"w{next(MEMBERS)}")
    comment = make_comment(make_question(make_topic()), author=member, body="My words.")
    client = Client()
    client.force_login(member)
    values = data.draw(fields(["body"]))

    assert client.post(f"/discussion/comments/{comment.pk}/edit/", values).status_code < 500
    assert client.post(f"/discussion/comments/{comment.pk}/delete/", values).status_code < 500
