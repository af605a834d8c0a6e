"""Moderators at work in the admin: the queue, bulk decisions, bans, and the dashboard panel."""

import pytest
from bs4 import BeautifulSoup

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion.models import Ban, Comment
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

QUEUE = "/admin/snippets/discussion/comment/"


@pytest.fixture
def moderator(client):
    mo = make_staff("Mo", group="Moderators")
    client.force_login(mo)
    return mo


def listed(client, **query) -> list[str]:
    response = client.get(QUEUE, query)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [cell.get_text(strip=True) for cell in page.select("tbody tr td:nth-of-type(2)")]


def bulk(client, action: str, comments, **data):
    ids = "&".join(f"id={comment.pk}" for comment in comments)
    return client.post(f"/admin/bulk/discussion/comment/{action}/?{ids}&next={QUEUE}", data)


def test_the_queue_lists_held_and_flagged_comments_newest_first(client, moderator, question):
    make_comment(question, body="Old held one", state=Comment.State.HELD, minutes_ago=60)
    make_comment(question, body="New held one", state=Comment.State.HELD, minutes_ago=1)
    flagged = make_comment(question, body="Flagged one", minutes_ago=30)
    flagged.hidden_by_flags = True
    flagged.save()
    make_comment(question, body="Fine and approved")
    make_comment(question, body="Already spam", state=Comment.State.SPAM)

    rows = listed(client)

    assert [row.split("…")[0] for row in rows] == ["New held one", "Flagged one", "Old held one"]


@pytest.mark.parametrize(
    ("status", "expected"), [("approved", ["Fine"]), ("spam", ["Junk"]), ("held", ["Waiting"])]
)
def test_the_queue_filters_by_state(client, moderator, question, status, expected):
    make_comment(question, body="Fine")
    make_comment(question, body="Junk", state=Comment.State.SPAM)
    make_comment(question, body="Waiting", state=Comment.State.HELD)

    assert listed(client, status=status) == expected


def test_the_queue_filters_by_question(client, moderator, question):
    other = make_question(make_topic(), title="Another question?")
    make_comment(question, body="On the war", state=Comment.State.HELD)
    make_comment(other, body="Elsewhere", state=Comment.State.HELD)

    assert listed(client, page=other.pk) == ["Elsewhere"]


def test_bulk_approve_publishes_and_records_who_decided(client, moderator, question):
    held = [make_comment(question, body=f"Held {n}", state=Comment.State.HELD) for n in range(3)]

    response = bulk(client, "approve", held)

    assert response.status_code == 302
    for comment in held:
        comment.refresh_from_db()
        assert comment.state == Comment.State.APPROVED
        decision = comment.decisions.last()
        assert (decision.state, decision.by) == ("approved", moderator)
    assert "Held 0" in client.get(question.url).content.decode()


@pytest.mark.parametrize(("action", "state"), [("spam", "spam"), ("remove", "removed")])
def test_bulk_spam_and_remove(client, moderator, question, action, state):
    comments = [make_comment(question, body=f"Bad {n}") for n in range(2)]

    bulk(client, action, comments)

    assert set(Comment.objects.values_list("state", flat=True)) == {state}
    assert "Bad 0" not in client.get(question.url).content.decode()


def test_approving_a_flag_hidden_comment_brings_it_back(client, moderator, question):
    comment = make_comment(question, body="Unfairly flagged")
    comment.hidden_by_flags = True
    comment.save()

    bulk(client, "approve", [comment])

    comment.refresh_from_db()
    assert not comment.hidden_by_flags
    assert "Unfairly flagged" in client.get(question.url).content.decode()


@pytest.mark.parametrize("kind", ["account", "email", "ip"])
def test_banning_an_author_refuses_their_later_comments(client, moderator, question, kind):
    member = make_member("Spammer")
    comment = make_comment(
        question, author=member if kind == "account" else None, body="Buy now", ip_hash="bad-ip"
    )

    response = bulk(client, "ban", [comment], kind=kind, reason="Spam")

    assert response.status_code == 302
    value = {"account": str(member.pk), "email": "reader@example.org", "ip": "bad-ip"}[kind]
    assert Ban.objects.filter(kind=kind, value=value).exists()
    comment.refresh_from_db()
    assert comment.state == Comment.State.SPAM


def test_members_and_editors_cannot_moderate(client, question):
    held = make_comment(question, state=Comment.State.HELD)
    for user in [make_member("Alice"), make_staff("Erin", group="Editors")]:
        client.force_login(user)

        bulk(client, "approve", [held])

        held.refresh_from_db()
        assert held.state == Comment.State.HELD
    assert client.get(QUEUE).status_code in {302, 403}


def test_the_dashboard_shows_the_queue_size(client, moderator, question):
    for _ in range(2):
        make_comment(question, state=Comment.State.HELD)

    panel = (
        BeautifulSoup(client.get("/admin/").content, "html.parser")
        .find(id="moderation-queue-heading")
        .find_parent("section")
    )

    assert "2 comments held or flagged" in " ".join(panel.get_text().split())


def test_staff_cannot_rewrite_a_readers_words(client, moderator, question):
    comment = make_comment(question, body="My words.")

    client.post(f"{QUEUE}edit/{comment.pk}/", {"body": "Their words.", "state": "spam"})

    comment.refresh_from_db()
    assert (comment.body, comment.state) == ("My words.", Comment.State.APPROVED)


def test_editors_set_the_sites_discussion_rules_in_the_admin(client):
    from wagtail.models import Site

    from plainly.discussion.models import DiscussionSettings

    client.force_login(make_staff("Erin", group="Editors"))
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/discussion/discussionsettings/{site.pk}/"

    response = client.post(url, {"mode": "hold", "hold_words": "casino", "reject_words": ""})

    assert response.status_code == 302
    assert DiscussionSettings.for_site(site).mode == "hold"


def test_moderators_cannot_change_the_sites_rules(client, moderator):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)

    response = client.get(f"/admin/settings/discussion/discussionsettings/{site.pk}/")

    assert response.status_code in {302, 403}


def test_a_single_flag_puts_a_comment_in_the_queue(client, moderator, question):
    from plainly.discussion.models import Flag

    comment = make_comment(question, body="Flagged once")
    Flag.objects.create(comment=comment, reader="ip:x")

    assert listed(client) == ["Flagged once"]


def test_a_moderators_approval_clears_the_flags(client, moderator, question):
    from plainly.discussion.moderation import flag

    comment = make_comment(question, body="Contested")
    for reader in ["ip:a", "ip:b", "ip:c"]:
        flag(comment, reader=reader)
    bulk(client, "approve", [comment])

    flag(comment, reader="ip:a")  # One reader again is not three.

    comment.refresh_from_db()
    assert not comment.hidden_by_flags
    assert comment.flags.count() == 1


@pytest.mark.parametrize(("action", "state"), [("spam", "spam"), ("remove", "removed")])
def test_every_bulk_decision_is_recorded(client, moderator, question, action, state):
    comment = make_comment(question)

    bulk(client, action, [comment])

    decision = comment.decisions.last()
    assert (decision.state, decision.by) == (state, moderator)


def test_ban_author_offers_only_the_kinds_the_chosen_comments_have(client, moderator, question):
    anonymous = make_comment(question, body="No account here", ip_hash="")
    url = f"/admin/bulk/discussion/comment/ban/?id={anonymous.pk}&next={QUEUE}"

    offered = BeautifulSoup(client.get(url).content, "html.parser")
    choices = [label.get_text(" ", strip=True) for label in offered.select("label[for^=id_kind_]")]
    assert choices == ["Email address (1 of 1 comment)"]

    refused = client.post(url, {"kind": "account", "reason": ""})

    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not Ban.objects.exists()
    anonymous.refresh_from_db()
    assert anonymous.state == Comment.State.APPROVED


def test_banning_leaves_comments_it_could_not_ban_as_they_were(client, moderator, question):
    member = make_member("Spammer")
    by_member = make_comment(question, author=member, body="Buy now")
    anonymous = make_comment(question, body="A fair point")
    ids = f"id={by_member.pk}&id={anonymous.pk}"

    response = client.post(
        f"/admin/bulk/discussion/comment/ban/?{ids}&next={QUEUE}",
        {"kind": "account", "reason": ""},
        follow=True,
    )

    assert list(Ban.objects.values_list("kind", "value")) == [("account", str(member.pk))]
    by_member.refresh_from_db()
    anonymous.refresh_from_db()
    assert (by_member.state, anonymous.state) == (Comment.State.SPAM, Comment.State.APPROVED)
    text = response.content.decode()
    assert "Banned the authors of 1 comment(s) by account" in text
    assert "1 comment(s) had no account to ban and were left as they were" in text


def test_the_bulk_confirmation_page_makes_the_same_queries_for_3_or_30(client, moderator, question):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def confirm(count):
        comments = [make_comment(question, body=f"Held {n}", state="held") for n in range(count)]
        ids = "&".join(f"id={comment.pk}" for comment in comments)
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/admin/bulk/discussion/comment/approve/?{ids}")
        return len(queries)

    confirm(1)  # Warm the caches before counting.
    assert confirm(30) == confirm(3)


@pytest.mark.parametrize("action", ["approve", "spam", "remove", "ban"])
def test_each_confirmation_says_what_it_does_and_can_be_cancelled(
    client, moderator, question, action
):
    comment = make_comment(question, state="held")
    page = client.get(f"/admin/bulk/discussion/comment/{action}/?id={comment.pk}&next={QUEUE}")
    soup = BeautifulSoup(page.content, "html.parser")

    cancel = soup.select_one("form a.button-secondary")
    assert (cancel.get_text(strip=True), cancel["href"]) == ("Cancel", QUEUE)
    explained = {
        "approve": "Approved comments appear on their question's page.",
        "spam": "Comments marked as spam leave their page",
        "remove": "Removed comments leave their page.",
        "ban": "The authors’ later comments will be refused",
    }[action]
    assert explained in soup.get_text(" ", strip=True)


def test_a_queue_row_opens_the_whole_comment_its_decisions_and_its_place_on_the_page(
    client, moderator, question
):
    words = "A long comment. " * 20 + "The very end of it."
    comment = make_comment(question, body=words, state="held")
    bulk(client, "approve", [comment])

    listing = BeautifulSoup(client.get(QUEUE, {"status": "all"}).content, "html.parser")
    row_link = listing.select_one(f"tbody a[href$='/inspect/{comment.pk}/']")
    assert row_link is not None
    inspected = BeautifulSoup(client.get(row_link["href"]).content, "html.parser")

    text = inspected.get_text(" ", strip=True)
    assert "The very end of it." in text
    assert f"Approved by {moderator}" in text
    on_page = inspected.find("a", string=question.title)
    assert on_page["href"] == f"{question.url}#comment-{comment.pk}"


def offered_actions(client) -> list[str]:
    page = BeautifulSoup(client.get(QUEUE).content, "html.parser")
    return [button.get_text(strip=True) for button in page.select(".bulk-actions-buttons a")]


def test_moderators_are_offered_only_the_bulk_actions_they_may_take(client, moderator):
    assert offered_actions(client) == [
        "Approve",
        "Mark as spam",
        "Remove from the page",
        "Ban author",
    ]


def test_administrators_may_also_delete_comments_outright(client):
    client.force_login(make_staff("Ada", superuser=True))

    assert "Delete" in offered_actions(client)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ARMISTICE", ["The armistice holds."]),  # the words, in any case
        ("Sam Spammer", ["Buy cheap watches."]),  # a guest's name
        ("spam@example.net", ["Buy cheap watches."]),  # a guest's address
        ("Alice", ["Held for a look."]),  # a member's display name
        ("alice@example.org", ["Held for a look."]),  # a member's address
    ],
)
def test_moderators_search_comments_by_words_author_or_address(
    client, moderator, question, query, found
):
    alice = make_member("Alice")
    make_comment(question, body="The armistice holds.")
    make_comment(
        question,
        body="Buy cheap watches.",
        name="Sam Spammer",
        email="spam@example.net",
        state=Comment.State.SPAM,
    )
    make_comment(question, body="Held for a look.", author=alice, state=Comment.State.HELD)

    assert [row.split("…")[0] for row in listed(client, q=query)] == found


def test_a_search_keeps_to_the_status_chosen(client, moderator, question):
    make_comment(question, body="Cheap watches, approved by mistake.")
    make_comment(question, body="Cheap watches again.", state=Comment.State.SPAM)

    assert listed(client, q="watches", status="spam") == ["Cheap watches again."]
