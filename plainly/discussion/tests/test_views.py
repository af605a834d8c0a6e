"""Posting, replying, editing, deleting and flagging over HTTP, bad input included."""

import time

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from plainly.abuse import writing_ticket
from plainly.accounts.tests.factories import make_member
from plainly.discussion.models import Comment, Flag, Mode
from plainly.discussion.tests.factories import form, make_comment, post_url
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_a_reader_posts_and_is_told_the_comment_awaits_moderation(client, question):
    response = client.post(post_url(question), form(), follow=True)

    comment = Comment.objects.get()
    assert (comment.author_name, comment.author_email, comment.state) == (
        "Rita",
        "rita@example.org",
        Comment.State.HELD,
    )
    notice = BeautifulSoup(response.content, "html.parser").select_one("#discussion .message")
    assert "awaiting moderation" in notice.get_text()
    assert response.redirect_chain[-1][0].endswith("#discussion")


def test_an_approved_member_posts_straight_to_the_page(client, question):
    alice = make_member("Alice")
    make_comment(question, author=alice, body="Earlier.")
    client.force_login(alice)

    response = client.post(post_url(question), form(), follow=True)

    comment = Comment.objects.latest("pk")
    assert comment.state == Comment.State.APPROVED and comment.author == alice
    assert response.redirect_chain[-1][0].endswith(f"#comment-{comment.pk}")
    assert "Your comment is published." in page_text(response)
    assert "The figures in the key facts box" in page_text(response)


def test_a_member_is_not_asked_for_name_or_email(client, question):
    client.force_login(make_member("Alice"))

    page = BeautifulSoup(client.get(question.url).content, "html.parser")

    fields = {field["name"] for field in page.select("#comment-form [name]")}
    assert "name" not in fields and "email" not in fields
    assert page.select_one("#comment-form input[name=csrfmiddlewaretoken]")["value"]


def test_the_readers_form_holds_no_token_so_a_cached_copy_serves_everyone(client, question):
    response = client.get(question.url)

    token = BeautifulSoup(response.content, "html.parser").select_one(
        "#comment-form input[name=csrfmiddlewaretoken]"
    )
    assert token["value"] == ""
    assert "csrftoken" not in response.cookies


def test_the_token_endpoint_hands_out_a_token_and_a_start_time(client):
    response = client.get("/discussion/form-token/")

    data = response.json()
    assert data["csrf"] and data["started"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_post_without_a_token_gets_the_form_back_with_the_words_kept(question):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(post_url(question), form(body="Words I do not want to lose."))

    assert response.status_code == 200
    assert not Comment.objects.exists()
    page = BeautifulSoup(response.content, "html.parser")
    assert (
        page.select_one("textarea[name=body]").get_text().strip() == "Words I do not want to lose."
    )
    assert page.select_one("input[name=csrfmiddlewaretoken]")["value"]


def test_a_forged_token_is_no_better_than_none(question):
    strict = Client(enforce_csrf_checks=True)
    strict.get("/discussion/form-token/")

    response = strict.post(post_url(question), form(csrfmiddlewaretoken="forged" * 8))

    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_with_a_fetched_token_the_post_goes_through(question):
    strict = Client(enforce_csrf_checks=True)
    token = strict.get("/discussion/form-token/").json()["csrf"]

    response = strict.post(post_url(question), form(csrfmiddlewaretoken=token))

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_robots_filling_the_hidden_field_store_nothing(client, question):
    response = client.post(post_url(question), form(website="http://spam.example"), follow=True)

    assert "awaiting moderation" in page_text(response)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("started", [None, "", "forged", "now"])
def test_sending_too_fast_or_without_a_start_time_is_refused(client, question, started):
    value = writing_ticket() if started == "now" else started
    data = form()
    if value is None:
        del data["started"]
    else:
        data["started"] = value

    response = client.post(post_url(question), data)

    assert response.status_code == 400
    assert "That was quick" in page_text(response)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"body": ""}, "This field is required"),
        ({"body": "   \n  "}, "This field is required"),
        ({"body": "x" * 5001}, "at most 5000 characters"),
        ({"name": ""}, "This field is required"),
        ({"email": "not-an-address"}, "valid email"),
        ({"email": ""}, "This field is required"),
        ({"body": "nul \x00 byte"}, "Null characters are not allowed"),
        ({"name": "\x00"}, "Null characters are not allowed"),
        ({"parent": "abc"}, "Enter a whole number"),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(client, question, overrides, message):
    response = client.post(post_url(question), form(**overrides))

    assert response.status_code == 400
    assert message in page_text(response)
    assert not Comment.objects.exists()


def test_a_form_that_is_not_utf8_is_refused_and_stores_nothing(client, question):
    ticket = writing_ticket(now=time.time() - 30).encode()
    body = b"body=caf\xe9+\xff\xfe&name=Rita&email=rita%40example.org&started=" + ticket

    response = client.generic(
        "POST", post_url(question), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert "We couldn’t understand that request" in page_text(response)
    assert not Comment.objects.exists()


def test_posting_to_a_draft_or_unknown_page_is_a_404(client):
    draft = make_question(make_topic(), publish=False)

    assert client.post(post_url(draft), form()).status_code == 404
    assert client.post("/discussion/questions/999999/comments/", form()).status_code == 404
    assert not Comment.objects.exists()


def test_posting_to_a_closed_page_is_refused_with_a_message(client, question):
    question.discussion_mode = Mode.CLOSED
    question.save_revision().publish()

    response = client.post(post_url(question), form())

    assert response.status_code == 400
    assert "Comments are closed" in page_text(response)
    assert not Comment.objects.exists()
    assert "Comments are closed on this question." in page_text(client.get(question.url))


def test_a_double_submit_stores_exactly_one_comment(client, question):
    client.post(post_url(question), form())
    second = client.post(post_url(question), form(), follow=True)

    assert Comment.objects.count() == 1
    assert "already posted this comment" in page_text(second)


def test_too_many_comments_get_the_styled_429(client, question):
    for number in range(5):
        client.post(post_url(question), form(body=f"Comment {number}"))

    response = client.post(post_url(question), form(body="One more"))

    assert response.status_code == 429
    assert "Too many attempts" in page_text(response)
    assert Comment.objects.count() == 5


def test_posting_needs_post(client, question):
    assert client.get(post_url(question)).status_code == 405


def test_a_reply_lands_under_its_parent(client, question):
    parent = make_comment(question)

    client.post(post_url(question), form(parent=parent.pk))

    assert Comment.objects.get(parent=parent).body.startswith("The figures")


def test_the_reply_page_offers_a_form_for_one_comment(client, question):
    parent = make_comment(question)

    page = BeautifulSoup(
        client.get(f"/discussion/comments/{parent.pk}/reply/").content, "html.parser"
    )

    assert page.select_one("input[name=parent]")["value"] == str(parent.pk)


@pytest.fixture
def alice_comment(client, question):
    alice = make_member("Alice")
    client.force_login(alice)
    return make_comment(question, author=alice, body="My own words.")


def test_a_member_edits_their_comment(client, alice_comment):
    response = client.post(
        f"/discussion/comments/{alice_comment.pk}/edit/", {"body": "Better words."}
    )

    assert response.status_code == 302
    alice_comment.refresh_from_db()
    assert alice_comment.body == "Better words." and alice_comment.edited_at


def test_a_member_deletes_their_comment(client, alice_comment):
    client.post(f"/discussion/comments/{alice_comment.pk}/delete/")

    alice_comment.refresh_from_db()
    assert alice_comment.is_deleted


def test_the_page_offers_members_edit_and_delete_on_their_own_comments_only(
    client, question, alice_comment
):
    other = make_comment(question, name="Someone else")

    page = BeautifulSoup(client.get(question.url).content, "html.parser")

    own = page.find(id=f"comment-{alice_comment.pk}")
    theirs = page.find(id=f"comment-{other.pk}")
    assert own.find("a", string="Edit") and own.find("button", string="Delete")
    assert not theirs.find("a", string="Edit") and not theirs.find("button", string="Delete")
    assert theirs.find("button", string="Flag")


def test_nobody_edits_or_deletes_anothers_comment(client, question):
    comment = make_comment(question, author=make_member("Alice"), body="Alice's words.")
    client.force_login(make_member("Bob"))

    client.post(f"/discussion/comments/{comment.pk}/edit/", {"body": "Bob was here."})
    client.post(f"/discussion/comments/{comment.pk}/delete/")

    comment.refresh_from_db()
    assert comment.body == "Alice's words." and not comment.is_deleted


def flag_from(address: str, comment) -> None:
    Client(REMOTE_ADDR=address).post(f"/discussion/comments/{comment.pk}/flag/")


def test_three_different_readers_flagging_hide_a_comment(
    client, question, django_capture_on_commit_callbacks
):
    comment = make_comment(question, name="Troll")
    flag_from("198.51.100.1", comment)
    flag_from("198.51.100.1", comment)  # The same reader again counts once.
    flag_from("198.51.100.2", comment)
    assert "Troll" in page_text(client.get(question.url))

    # The page readers were shown (and kept) goes stale once the hiding is saved.
    with django_capture_on_commit_callbacks(execute=True):
        flag_from("198.51.100.3", comment)

    assert Flag.objects.filter(comment=comment).count() == 3
    assert "Troll" not in page_text(client.get(question.url))
    assert Comment.objects.in_queue().get() == comment


def test_one_writing_ticket_posts_one_comment(client, question):
    ticket = writing_ticket(now=time.time() - 30)
    client.post(post_url(question), form(started=ticket, body="First words."))

    again = client.post(post_url(question), form(started=ticket, body="Other words."), follow=True)

    assert Comment.objects.count() == 1
    assert "already posted this comment" in page_text(again)


def test_the_address_is_stored_only_as_a_hash(question):
    from plainly.abuse import hash_ip

    Client(REMOTE_ADDR="203.0.113.9").post(post_url(question), form())

    comment = Comment.objects.get()
    assert comment.ip_hash == hash_ip("203.0.113.9")
    stored = " ".join(str(value) for value in Comment.objects.values().get().values())
    assert "203.0.113.9" not in stored


def test_a_flag_without_a_token_asks_again_and_stores_nothing(question):
    comment = make_comment(question)

    response = Client(enforce_csrf_checks=True).post(f"/discussion/comments/{comment.pk}/flag/")

    assert response.status_code == 200
    assert "Flag this comment?" in page_text(response)
    assert not Flag.objects.exists()


def test_flagging_is_rate_limited(client, question):
    comments = [make_comment(question, body=f"Comment {n}") for n in range(11)]
    for comment in comments[:10]:
        client.post(f"/discussion/comments/{comment.pk}/flag/")

    response = client.post(f"/discussion/comments/{comments[10].pk}/flag/")

    assert response.status_code == 429
    assert Flag.objects.count() == 10


def test_an_unverified_member_flags_as_their_address(question):
    comment = make_comment(question)
    unverified = Client(REMOTE_ADDR="198.51.100.7")
    unverified.force_login(make_member("Una", verified=False))
    flag_from("198.51.100.7", comment)

    unverified.post(f"/discussion/comments/{comment.pk}/flag/")

    assert Flag.objects.filter(comment=comment).count() == 1


def test_hostile_comments_posted_through_the_form_render_inert(client, question):
    from plainly.discussion.moderation import moderate
    from plainly.discussion.tests.xss import VECTORS, assert_inert

    for number, vector in enumerate(VECTORS[:4]):
        Client(REMOTE_ADDR=f"192.0.2.{number}").post(
            post_url(question), form(body=vector, name=vector[:60])
        )
    mo = make_member("Mo")
    for comment in Comment.objects.all():
        moderate(comment, decision="approve", by=mo)

    page = BeautifulSoup(client.get(question.url).content, "html.parser")

    assert len(page.select("#discussion .comment")) == 4
    for body in page.select("#discussion .comment__body"):
        assert_inert(body.decode_contents())
    assert page.select("#discussion script, #discussion img, #discussion svg") == []


def unpublished(question):
    QuestionPage.objects.get(pk=question.pk).unpublish()


def in_a_private_topic(question):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=question.get_parent(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="opensesame",
    )


def for_members_only(question):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=question, restriction_type=PageViewRestriction.LOGIN)


HIDDEN = [unpublished, in_a_private_topic]


@pytest.mark.parametrize("hide", HIDDEN)
@pytest.mark.parametrize("action", ["reply", "flag"])
def test_a_comments_views_show_nothing_of_a_page_a_reader_may_not_see(
    client, question, hide, action
):
    comment = make_comment(question, body="Words on a page that is not public.")
    hide(question)
    url = f"/discussion/comments/{comment.pk}/{action}/"

    for response in (client.get(url), *([client.post(url)] if action == "flag" else [])):
        assert response.status_code == 404
        assert "not public" not in page_text(response)
        assert question.title not in page_text(response)
    assert not Flag.objects.exists()


@pytest.mark.parametrize("hide", [*HIDDEN, for_members_only])
def test_a_member_cannot_reach_their_comment_on_a_page_they_may_not_see(client, question, hide):
    alice = make_member("Alice")
    comment = make_comment(question, author=alice, body="My words, now on a hidden page.")
    hide(question)
    client.force_login(alice)
    if hide is for_members_only:  # signed in, Alice may read it: a page for another group
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.filter(page=question).update(restriction_type="groups")

    for response in (
        client.get(f"/discussion/comments/{comment.pk}/edit/"),
        client.post(f"/discussion/comments/{comment.pk}/edit/", {"body": "Changed."}),
        client.post(f"/discussion/comments/{comment.pk}/delete/"),
        client.post(post_url(question), form(body="A new comment.")),
    ):
        assert response.status_code == 404
        assert question.url not in response.get("Location", "")
        assert "hidden page" not in page_text(response)
    comment.refresh_from_db()
    assert comment.body == "My words, now on a hidden page." and not comment.is_deleted
    assert Comment.objects.count() == 1


def test_a_member_who_may_read_a_members_only_page_may_reply_there(client, question):
    for_members_only(question)
    comment = make_comment(question, body="Words for members.")
    alice = make_member("Alice")

    assert client.get(f"/discussion/comments/{comment.pk}/reply/").status_code == 404
    client.force_login(alice)
    assert client.get(f"/discussion/comments/{comment.pk}/reply/").status_code == 200


def test_flags_from_one_address_count_once_however_many_accounts_send_them(
    question, django_capture_on_commit_callbacks
):
    comment = make_comment(question, name="Quiet Reader")
    for name in ("Sock One", "Sock Two", "Sock Three", "Sock Four"):
        sock = Client(REMOTE_ADDR="198.51.100.9")
        sock.force_login(make_member(name))
        with django_capture_on_commit_callbacks(execute=True):
            sock.post(f"/discussion/comments/{comment.pk}/flag/")
    flag_from("198.51.100.9", comment)  # and without an account

    comment.refresh_from_db()
    assert not comment.hidden_by_flags
    assert Flag.objects.filter(comment=comment).count() == 5  # each kept for the moderators
    flag_from("198.51.100.10", comment)
    flag_from("198.51.100.11", comment)
    comment.refresh_from_db()
    assert comment.hidden_by_flags  # three addresses
