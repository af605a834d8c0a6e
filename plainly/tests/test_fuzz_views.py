"""Property-based tests of every form readers, members and staff send: any input gets an answer
in the site's style (the form again with errors, a redirect, a 4xx page), never a server error,
and no markup sent in comes back out as markup."""

import itertools

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion.tests.factories import make_comment
from plainly.questions.blocks import ANSWER_FEATURES, SHORT_ANSWER_FEATURES
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import make_question, make_topic, question_form
from plainly.testing.isolation import rows_for_the_module

pytestmark = pytest.mark.django_db

# Markup a hostile visitor sends, hoping to see it run on a page.
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
          "<a href=javascript:alert(1)>x</a>"]  # fmt: skip
VALUE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "a" * 10_000, "-1", "1e309", "nobody@", "@example.org",
                     "../../etc/passwd", "%00", "ü" * 70, *MARKUP]),
)  # fmt: skip
MEMBERS = itertools.count()  # each example's member is new, also when hypothesis replays it
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
# The editors' forms make a page and a member of staff for each example: fewer of them.
STAFF_FUZZ = settings(FUZZ, max_examples=20)


def make_question_to_break():
    return make_question(make_topic(), title="Can anything break this form?")


# One question for the module: making a page costs more than most examples. Examples share a
# test's transaction anyway; what needs to be new for each (a comment, a member) still is.
question = rows_for_the_module(make_question_to_break)

# Each form a visitor can send, with the fields it has.
PUBLIC_FORMS = {
    "/accounts/login/": ["login", "password", "remember"],
    "/accounts/signup/": ["email", "display_name", "password1", "password2"],
    "/accounts/password/reset/": ["email"],
    "/accounts/password/reset/key/1-set-a-new-password/": ["password1", "password2"],
    "/accounts/login/code/confirm/": ["code"],
    "/discussion/unsubscribe/not-a-token/": ["confirm"],
    "/search/": ["q", "page"],
}
MEMBER_FORMS = {
    "/accounts/": ["display_name"],
    "/accounts/delete/": ["password", "comments", "confirm"],
    "/accounts/password/change/": ["oldpassword", "password1", "password2"],
    "/accounts/email/": ["email", "action_add", "action_send", "action_primary", "action_remove"],
    "/accounts/reauthenticate/": ["password"],
    "/accounts/2fa/totp/activate/": ["code"],
    "/accounts/2fa/recovery-codes/generate/": ["code"],
}


def assert_no_markup_comes_back(response, values: dict) -> None:
    """Sent markup may come back escaped (as text on the page), never as markup."""
    content = response.content.decode(errors="replace")
    for value in values.values():
        for markup in MARKUP:
            if markup in value:
                assert markup not in content, f"{markup!r} came back as markup"


def fields(names):
    return st.fixed_dictionaries({}, optional={name: VALUE for name in names})


@FUZZ
@given(path=st.sampled_from(sorted(PUBLIC_FORMS)), data=st.data())
def test_public_forms_never_fail(path, data):
    values = data.draw(fields(PUBLIC_FORMS[path]))
    client = Client(REMOTE_ADDR=f"198.51.100.{data.draw(st.integers(1, 254))}")
    method = client.get if path == "/search/" else client.post
    response = method(path, values)
    assert response.status_code < 500
    assert_no_markup_comes_back(response, values)


@FUZZ
@given(data=st.data())
def test_comment_posting_flagging_and_editing_never_fail(question, data):
    comment = make_comment(question, body="A first comment.")
    values = data.draw(fields(["body", "parent", "name", "email", "website", "started"]))
    client = Client(REMOTE_ADDR=f"203.0.113.{data.draw(st.integers(1, 254))}")

    for path in [
        f"/discussion/questions/{question.pk}/comments/",
        f"/discussion/comments/{comment.pk}/flag/",
        f"/discussion/comments/{comment.pk}/reply/",
    ]:
        response = client.post(path, values)
        assert response.status_code < 500
        assert_no_markup_comes_back(response, values)


@FUZZ
@given(path=st.sampled_from(sorted(MEMBER_FORMS)), data=st.data())
def test_members_forms_never_fail(path, data):
    member = make_member(f"m{next(MEMBERS)}")
    client = Client()
    client.force_login(member)
    values = data.draw(fields(MEMBER_FORMS[path]))

    response = client.post(path, values)
    assert response.status_code < 500
    assert_no_markup_comes_back(response, values)


@FUZZ
@given(data=st.data())
def test_editing_and_deleting_ones_own_comment_never_fail(question, data):
    member = make_member(f"w{next(MEMBERS)}")
    comment = make_comment(question, author=member, body="My words.")
    client = Client()
    client.force_login(member)
    values = data.draw(fields(["body"]))

    for path in [
        f"/discussion/comments/{comment.pk}/edit/",
        f"/discussion/comments/{comment.pk}/delete/",
    ]:
        response = client.post(path, values)
        assert response.status_code < 500
        assert_no_markup_comes_back(response, values)


def form_values(html: str, form_id: str) -> dict[str, str]:
    """What a browser would send for the form as the page shows it: every field's current value."""
    soup = BeautifulSoup(html, "html.parser")
    values = {}
    for field in [*soup.find("form", id=form_id).find_all(["input", "textarea", "select"]),
                  *soup.find_all(attrs={"form": form_id})]:  # fmt: skip
        name, kind = field.get("name"), field.get("type", "text")
        if not name or kind in {"submit", "button", "file", "image"}:
            continue
        if kind in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            values[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            values[name] = chosen.get("value", "") if chosen else ""
        else:
            values[name] = field.get("value", "")
    return values


def signed_in_admin() -> Client:
    client = Client()
    client.force_login(make_staff(f"a{next(MEMBERS)}", superuser=True))
    return client


QUESTION_FIELDS = ["title", "short_answer", "byline", "key_facts_heading", "heading", "paragraph",
                   "fact", "faq_question", "faq_answer", "source_title", "source_url"]  # fmt: skip


@STAFF_FUZZ
@given(data=st.data())
def test_the_question_editor_never_fails_and_publishes_no_markup(question, data):
    topic = question.get_parent()
    sent = data.draw(fields(QUESTION_FIELDS))
    form = {name: sent[name] for name in ["title", "byline", "key_facts_heading"] if name in sent}
    if "short_answer" in sent:
        form["short_answer"] = rich_text(sent["short_answer"], features=SHORT_ANSWER_FEATURES)
    form["slug"] = f"fuzzed-{next(MEMBERS)}"
    form["body"] = streamfield(
        [
            ("heading", sent.get("heading", "A heading")),
            ("paragraph", rich_text(sent.get("paragraph", "<p>A paragraph.</p>"))),
        ]
    )
    form["key_facts"] = inline_formset([{"text": sent.get("fact", "A fact.")}])
    form["faq_items"] = inline_formset(
        [
            {
                "question": sent.get("faq_question", "Why?"),
                "answer": rich_text(sent.get("faq_answer", "So."), features=ANSWER_FEATURES),
            }
        ]
    )
    source = {"title": sent.get("source_title", "A source"), "url": sent.get("source_url", "")}
    form["sources"] = inline_formset([{**source, "publisher": "", "accessed": ""}])
    client = signed_in_admin()

    response = client.post(
        f"/admin/pages/add/questions/questionpage/{topic.pk}/",
        {**question_form(**form), "action-publish": "action-publish"},
    )

    assert response.status_code < 500
    assert_no_markup_comes_back(response, sent)
    published = QuestionPage.objects.live().filter(slug=form["slug"]).first()
    if published:  # whatever was published, readers see it as text
        page = Client().get(published.url)
        assert page.status_code == 200
        assert_no_markup_comes_back(page, sent)


# The moderators' and editors' own forms: (address, the form's fields this test fills).
STAFF_FORMS = {
    "ban": ("/admin/snippets/discussion/ban/add/", ["kind", "value", "reason"]),
    "rules": ("/admin/settings/discussion/discussionsettings/{site}/",
              ["mode", "hold_words", "reject_words"]),
}  # fmt: skip


@STAFF_FUZZ
@given(which=st.sampled_from(sorted(STAFF_FORMS)), data=st.data())
def test_the_moderation_forms_never_fail_and_show_no_markup(question, which, data):
    client = signed_in_admin()
    path, names = STAFF_FORMS[which]
    path = path.format(site=Site.objects.get(is_default_site=True).pk)
    values = form_values(client.get(path).content.decode(), "w-editor-form")
    assert set(names) <= set(values)  # the form still has the fields this test sends
    sent = data.draw(fields(names))
    values.update(sent)

    response = client.post(path, values)

    assert response.status_code < 500
    assert_no_markup_comes_back(response, sent)
    assert_no_markup_comes_back(client.get(path.replace("add/", "")), sent)  # the list or form
    page = Client().get(question.url)
    assert page.status_code == 200
