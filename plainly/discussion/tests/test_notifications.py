"""Reply mail, its unsubscribe link, the moderators' digest, and a leaving member's comments."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from plainly.accounts.membership import delete_member
from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion import notifications, posting
from plainly.discussion.digest import send_digest_if_due
from plainly.discussion.models import FORMER_MEMBER, Comment, DiscussionSettings, ReplyOptOut
from plainly.discussion.moderation import moderate
from plainly.discussion.tests.factories import make_comment
from plainly.testing.mail import body_of, links_in

# Reply mail leaves when the reply's transaction commits: these tests commit for real, and put
# back the rows the migrations made (the site, its home page) afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def reply_to(parent, *, user=None, body="A reply to you.", email="replier@example.org"):
    return posting.submit(
        parent.page,
        posting.Draft(
            body=body,
            parent_id=parent.pk,
            author_name="" if user else "Replier",
            author_email="" if user else email,
        ),
        user=user or AnonymousUser(),
        ip_hash="replier-ip",
        rules=DiscussionSettings(),
    )


@pytest.fixture
def approved_member(question):
    bob = make_member("Bob")
    make_comment(question, author=bob, body="Bob's earlier comment.")
    return bob


def test_an_approved_reply_mails_the_reader_who_left_an_address(question, approved_member, mailbox):
    parent = make_comment(question, name="Rita", email="rita@example.org")

    reply_to(parent, user=approved_member, body="Good question, Rita.")

    [mail] = mailbox.wait_for("rita@example.org")
    assert mail["Subject"] == "Plainly: Bob replied to your comment"
    assert "Good question, Rita." in body_of(mail)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "rita" not in mail["List-Unsubscribe"]  # The link carries no address.
    assert any("#comment-" in link for link in links_in(mail))


def test_reply_mail_links_lead_to_the_sites_address(question, approved_member, mailbox, settings):
    settings.BASE_URL = "https://answers.example.org"
    parent = make_comment(question, name="Rita", email="rita@example.org")

    reply_to(parent, user=approved_member)

    [mail] = mailbox.wait_for("rita@example.org")
    links = [*links_in(mail), mail["List-Unsubscribe"].strip(" <>")]
    assert len(links) == 3
    assert all(link.startswith("https://answers.example.org/") for link in links), links
    assert any(link.endswith(f"{question.url}#comment-{parent.pk + 1}") for link in links)


def test_a_member_is_mailed_at_their_account_address(question, approved_member, mailbox):
    alice = make_member("Alice")
    parent = make_comment(question, author=alice)

    reply_to(parent, user=approved_member)

    assert mailbox.wait_for("alice@example.org")


def test_a_held_reply_mails_nobody_until_a_moderator_approves_it(question, mailbox):
    parent = make_comment(question, name="Rita", email="rita@example.org")
    reply = reply_to(parent)  # A reader without an account: held.
    assert reply.state == Comment.State.HELD
    assert mailbox.messages == []

    moderate(reply, decision="approve", by=make_staff("Mo", group="Moderators"))

    assert mailbox.wait_for("rita@example.org")


def test_nobody_is_mailed_about_replying_to_themselves(question, approved_member, mailbox):
    parent = make_comment(question, author=approved_member)

    reply_to(parent, user=approved_member, body="Adding to my own point.")

    assert mailbox.messages == []


def test_the_unsubscribe_link_needs_no_sign_in_and_stops_the_mail(
    client, question, approved_member, mailbox
):
    parent = make_comment(question, name="Rita", email="rita@example.org")
    reply_to(parent, user=approved_member)
    [mail] = mailbox.wait_for("rita@example.org")
    link = urlsplit(next(link for link in links_in(mail) if "/unsubscribe/" in link)).path

    page = client.get(link)
    assert page.status_code == 200 and "Stop mails about replies?" in page.content.decode()
    done = client.post(link)
    assert "You’re unsubscribed" in done.content.decode()

    assert ReplyOptOut.objects.filter(email="rita@example.org").exists()
    reply_to(parent, user=approved_member, body="Another reply, unheard.")
    assert len(mailbox.to("rita@example.org")) == 1


def test_mail_programs_can_unsubscribe_in_one_post(client, question):
    token = notifications.unsubscribe_token(make_comment(question, email="rita@example.org"))

    response = client.post(f"/discussion/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert ReplyOptOut.objects.filter(email="rita@example.org").exists()


@pytest.mark.parametrize("token", ["forged", "a" * 500, "rita@example.org"])
def test_a_forged_unsubscribe_link_does_nothing(client, token):
    response = client.post(f"/discussion/unsubscribe/{token}/")

    assert response.status_code == 404
    assert "This link doesn’t work" in response.content.decode()
    assert not ReplyOptOut.objects.exists()


def at(hour: int) -> datetime.datetime:
    return timezone.now().replace(hour=hour, minute=5)


def test_moderators_get_one_digest_a_day_when_the_queue_is_not_empty(question, mailbox):
    make_staff("Mo", group="Moderators")
    make_staff("Erin", group="Editors")
    make_comment(question, state=Comment.State.HELD)

    assert send_digest_if_due(at(6)) == 0  # Too early in the day.
    assert send_digest_if_due(at(8)) == 1
    assert send_digest_if_due(at(9)) == 0  # Already sent today.

    [mail] = mailbox.wait_for("mo@example.org")
    assert mail["Subject"] == "1 comment waiting for moderation"
    assert "/admin/snippets/discussion/comment/" in body_of(mail)
    assert mailbox.to("erin@example.org") == []


def test_no_digest_when_the_queue_is_empty(question, mailbox):
    make_staff("Mo", group="Moderators")
    make_comment(question)

    assert send_digest_if_due(at(8)) == 0
    assert mailbox.messages == []


def test_a_leaving_member_who_keeps_their_comments_becomes_a_former_member(client, question):
    alice = make_member("Alice")
    comment = make_comment(question, author=alice, body="Words that stay.")

    delete_member(alice, keep_comments=True)

    comment.refresh_from_db()
    assert comment.display_name == FORMER_MEMBER and comment.body == "Words that stay."
    page = client.get(question.url).content.decode()
    assert "a former member" in page and "Words that stay." in page


def test_a_leaving_member_who_removes_their_comments_leaves_replies_in_place(client, question):
    alice = make_member("Alice")
    comment = make_comment(question, author=alice, body="Words that go.")
    make_comment(question, parent=comment, name="Replier", body="A reply that stays.")

    delete_member(alice, keep_comments=False)

    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == ""
    page = client.get(question.url).content.decode()
    assert "Words that go." not in page and "A reply that stays." in page


def test_an_empty_morning_does_not_use_up_the_days_digest(question, mailbox):
    make_staff("Mo", group="Moderators")

    assert send_digest_if_due(at(8)) == 0
    make_comment(question, state=Comment.State.HELD)

    assert send_digest_if_due(at(12)) == 1


def test_removing_a_leaving_members_comments_is_recorded(question):
    alice = make_member("Alice")
    comment = make_comment(question, author=alice)

    delete_member(alice, keep_comments=False)

    assert comment.decisions.last().rule == "member left, removing their comments"
