"""The rules a new comment meets: who may post, what is held, refused or published at once."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from freezegun import freeze_time

from plainly import abuse
from plainly.accounts.tests.factories import make_member
from plainly.discussion import posting
from plainly.discussion.models import Ban, Comment, Decision, DiscussionSettings, Mode
from plainly.discussion.posting import Draft, Duplicate
from plainly.discussion.spam import RateLimited, Refused
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules():
    return DiscussionSettings(mode=Mode.OPEN)


@pytest.fixture
def alice():
    return make_member("Alice")


def submit(question, rules, *, body="A fair point about the border.", user=None, **draft):
    draft.setdefault("author_name", "" if user else "Rita")
    draft.setdefault("author_email", "" if user else "rita@example.org")
    return posting.submit(
        question,
        Draft(body=body, **draft),
        user=user or AnonymousUser(),
        ip_hash="hash-of-an-ip",
        rules=rules,
    )


def last_decision(comment: Comment) -> Decision:
    return comment.decisions.last()


def test_a_readers_comment_without_an_account_is_held(question, rules):
    comment = submit(question, rules)

    assert comment.state == Comment.State.HELD
    assert (last_decision(comment).rule, last_decision(comment).by) == ("no account", None)
    assert not Comment.objects.visible().exists()


def test_a_members_first_comment_is_held_and_later_ones_appear_at_once(question, rules, alice):
    first = submit(question, rules, user=alice, body="My first comment.")
    assert first.state == Comment.State.HELD
    assert last_decision(first).rule == "first comment"

    first.state = Comment.State.APPROVED
    first.save()
    second = submit(question, rules, user=alice, body="And another thought.")

    assert second.state == Comment.State.APPROVED
    assert last_decision(second).rule == "previously approved"


def test_a_member_must_have_verified_their_address(question, rules):
    unverified = make_member("Una", verified=False)

    with pytest.raises(Refused, match="Confirm your email address"):
        submit(question, rules, user=unverified)
    assert not Comment.objects.exists()


@pytest.fixture
def approved_member(question, alice):
    make_comment(question, author=alice, body="An earlier, approved comment.")
    return alice


def test_more_than_two_links_are_held(question, rules, approved_member):
    body = "See https://a.example, https://b.example and [this](https://c.example)."

    comment = submit(question, rules, user=approved_member, body=body)

    assert comment.state == Comment.State.HELD
    assert last_decision(comment).rule == "too many links"


def test_two_links_are_fine(question, rules, approved_member):
    comment = submit(
        question,
        rules,
        user=approved_member,
        body="Compare https://a.example with https://b.example.",
    )

    assert comment.state == Comment.State.APPROVED


def test_a_hold_word_holds_and_a_reject_word_refuses(question, approved_member):
    rules = DiscussionSettings(mode=Mode.OPEN, hold_words="casino\n", reject_words="Viagra")

    held = submit(question, rules, user=approved_member, body="Visit my CASINO tonight")
    with pytest.raises(Refused, match="words this site does not accept"):
        submit(question, rules, user=approved_member, body="cheap viagra here")

    assert held.state == Comment.State.HELD
    assert last_decision(held).reason == "contains “casino”"
    assert Comment.objects.filter(body__icontains="viagra").count() == 0


def test_the_same_words_twice_from_the_same_writer_are_refused(question, rules):
    submit(question, rules, body="Exactly the same words.")

    with pytest.raises(Duplicate):
        submit(question, rules, body="Exactly the same words.")
    assert Comment.objects.filter(body="Exactly the same words.").count() == 1


def test_a_member_repeating_themselves_is_refused(question, rules, approved_member):
    submit(question, rules, user=approved_member, body="Said once.")

    with pytest.raises(Duplicate):
        submit(question, rules, user=approved_member, body="Said once.")


@pytest.mark.parametrize(
    ("kind", "value"),
    [(Ban.Kind.EMAIL, "rita@example.org"), (Ban.Kind.IP, "hash-of-an-ip")],
)
def test_banned_readers_are_refused(question, rules, kind, value):
    Ban.objects.create(kind=kind, value=value)

    with pytest.raises(Refused, match="not accepted"):
        submit(question, rules)
    assert not Comment.objects.exists()


def test_a_banned_account_is_refused(question, rules, approved_member):
    Ban.objects.create(kind=Ban.Kind.ACCOUNT, value=str(approved_member.pk))

    with pytest.raises(Refused):
        submit(question, rules, user=approved_member)


def test_comments_are_rate_limited_per_address(question, rules):
    for number in range(5):
        submit(question, rules, body=f"Comment number {number}.")

    with pytest.raises(RateLimited):
        submit(question, rules, body="One too many.")
    assert Comment.objects.count() == 5


def test_comments_are_rate_limited_per_account_across_addresses(question, rules, approved_member):
    for number in range(5):
        posting.submit(
            question,
            Draft(body=f"From a new address {number}."),
            user=approved_member,
            ip_hash=f"ip-{number}",
            rules=rules,
        )

    with pytest.raises(RateLimited):
        posting.submit(
            question,
            Draft(body="Yet another."),
            user=approved_member,
            ip_hash="ip-new",
            rules=rules,
        )


def test_a_closed_page_takes_no_comments(question, rules):
    question.discussion_mode = Mode.CLOSED
    question.save_revision().publish()

    with pytest.raises(Refused, match="closed"):
        submit(question, rules)


def test_closing_the_whole_site_closes_every_page(question):
    with pytest.raises(Refused, match="closed"):
        submit(question, DiscussionSettings(mode=Mode.CLOSED))


@pytest.mark.parametrize("where", ["page", "site"])
def test_holding_all_comments_holds_even_approved_members(question, approved_member, where):
    rules = DiscussionSettings(mode=Mode.HOLD if where == "site" else Mode.OPEN)
    if where == "page":
        question.discussion_mode = Mode.HOLD
        question.save_revision().publish()

    comment = submit(question, rules, user=approved_member)

    assert comment.state == Comment.State.HELD
    assert last_decision(comment).rule == "discussion held"


def test_a_reply_hangs_under_its_comment(question, rules):
    parent = make_comment(question)

    reply = submit(question, rules, parent_id=parent.pk, body="I agree with you.")

    assert reply.parent == parent


@pytest.mark.parametrize("problem", ["held", "reply", "other page", "missing"])
def test_replies_only_to_visible_comments_on_the_same_page(question, rules, problem):
    other = make_question(make_topic())
    target = {
        "held": lambda: make_comment(question, state=Comment.State.HELD).pk,
        "reply": lambda: make_comment(question, parent=make_comment(question)).pk,
        "other page": lambda: make_comment(other).pk,
        "missing": lambda: 999_999,
    }[problem]()

    with pytest.raises(Refused, match="can no longer be replied to"):
        submit(question, rules, parent_id=target)


def test_ip_addresses_are_kept_only_as_keyed_hashes():
    hashed = abuse.hash_ip("203.0.113.7")

    assert "203.0.113.7" not in hashed
    assert hashed == abuse.hash_ip("203.0.113.7") != abuse.hash_ip("203.0.113.8")
    assert len(hashed) == 64


def test_a_member_edits_within_fifteen_minutes_but_not_after(question, rules, approved_member):
    comment = make_comment(question, author=approved_member)

    posting.edit(comment, body="Better words.", user=approved_member, rules=rules)
    assert Comment.objects.get(pk=comment.pk).body_html == "<p>Better words.</p>\n"

    with freeze_time(timezone.now() + datetime.timedelta(minutes=16)), pytest.raises(Refused):
        posting.edit(comment, body="Too late.", user=approved_member, rules=rules)
    assert Comment.objects.get(pk=comment.pk).body == "Better words."


def test_an_edit_that_adds_links_goes_back_to_the_queue(question, rules, approved_member):
    comment = make_comment(question, author=approved_member)

    body = "Now with https://a.example https://b.example https://c.example"
    posting.edit(comment, body=body, user=approved_member, rules=rules)

    assert Comment.objects.get(pk=comment.pk).state == Comment.State.HELD


def test_only_the_author_may_edit_or_delete(question, rules, approved_member):
    comment = make_comment(question, author=approved_member)
    bob = make_member("Bob")

    with pytest.raises(Refused):
        posting.edit(comment, body="Hijacked.", user=bob, rules=rules)
    with pytest.raises(Refused):
        posting.delete(comment, user=bob)
    assert not Comment.objects.get(pk=comment.pk).is_deleted


def test_deleting_keeps_the_place_of_the_replies(question, approved_member):
    comment = make_comment(question, author=approved_member, body="Original words.")
    reply = make_comment(question, parent=comment)

    posting.delete(comment, user=approved_member)

    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == "" and comment.body_html == ""
    assert list(comment.replies.visible()) == [reply]
    assert last_decision(comment).rule == "deleted by author"


def test_the_same_ticket_cannot_store_two_comments(question, rules):
    posting.submit(
        question, Draft(body="One.", author_name="R", author_email="r@example.org"),
        user=AnonymousUser(), ip_hash="a", rules=rules, submission_key="ticket-key",
    )  # fmt: skip

    with pytest.raises(Duplicate):
        posting.submit(
            question, Draft(body="Two.", author_name="S", author_email="s@example.org"),
            user=AnonymousUser(), ip_hash="b", rules=rules, submission_key="ticket-key",
        )  # fmt: skip
    assert Comment.objects.count() == 1


def test_ipv6_addresses_are_taken_by_their_network():
    assert abuse.hash_ip("2001:db8::1") == abuse.hash_ip("2001:db8::ffff")
    assert abuse.hash_ip("2001:db8::1") != abuse.hash_ip("2001:db8:0:1::1")
    assert abuse.hash_ip("192.0.2.1") != abuse.hash_ip("192.0.2.2")


def test_a_banned_member_cannot_edit_either(question, rules, approved_member):
    comment = make_comment(question, author=approved_member)
    Ban.objects.create(kind=Ban.Kind.ACCOUNT, value=str(approved_member.pk))

    with pytest.raises(Refused):
        posting.edit(comment, body="Rewritten.", user=approved_member, rules=rules)


def test_deleting_twice_records_one_decision(question, approved_member):
    comment = make_comment(question, author=approved_member)

    posting.delete(comment, user=approved_member)
    posting.delete(comment, user=approved_member)

    assert comment.decisions.filter(rule="deleted by author").count() == 1


@pytest.mark.parametrize(
    ("entry", "body", "held"),
    [
        ("ass", "What an ass.", True),
        ("ass", "A class in the passage.", False),  # inside other words
        ("buy now", "Please BUY   now!", True),  # a phrase, spaced and cased as it likes
        ("buy now", "I would buy nowhere else.", False),
        ("casino", "Visit my casíno", True),  # an accent
        ("casino", "Visit my cas\u200bino", True),  # a zero-width space inside the word
        ("casino", "Visit my \u0441\u0430sino", True),  # Cyrillic es and a
        ("casino", "Visit my \uff43\uff41\uff53\uff49\uff4e\uff4f", True),  # full-width letters
        ("Café", "the cafe", True),  # the entry folded the same way
        ("viagra", "cheap v!agra", True),  # a mark passing for a letter
    ],
)
def test_hold_words_match_whole_words_and_phrases_as_readers_read_them(
    question, approved_member, entry, body, held
):
    rules = DiscussionSettings(mode=Mode.OPEN, hold_words=entry)

    comment = submit(question, rules, user=approved_member, body=body)

    assert (comment.state == Comment.State.HELD) is held


def test_a_reject_phrase_with_look_alike_letters_is_still_refused(question, approved_member):
    rules = DiscussionSettings(mode=Mode.OPEN, reject_words="cheap pills")

    with pytest.raises(Refused):
        submit(question, rules, user=approved_member, body="Get ch\u0435ap p\u0456lls today")
    assert not Comment.objects.filter(body__icontains="today").exists()
