"""What readers see of the discussion on a question page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plainly.accounts.tests.factories import make_member
from plainly.discussion import markup
from plainly.discussion.models import Comment
from plainly.discussion.reading import COMMENTS_PER_PAGE
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db


def region(client, question, **query):
    response = client.get(question.url, query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="discussion")


def authors(discussion) -> list[str]:
    threads = "ol.comments:not(.comments--replies) > li > .comment .comment__author"
    return [a.get_text() for a in discussion.select(threads)]


def test_approved_comments_show_oldest_first_with_their_replies(client, question):
    first = make_comment(question, name="First", minutes_ago=30)
    make_comment(question, name="Second", minutes_ago=20)
    make_comment(question, name="Reply", parent=first, minutes_ago=10)

    discussion = region(client, question)

    assert authors(discussion) == ["First", "Second"]
    replies = discussion.find(id=f"comment-{first.pk}").find_next("ol")
    assert [a.get_text() for a in replies.select(".comment__author")] == ["Reply"]


def test_a_reader_can_switch_to_newest_first(client, question):
    make_comment(question, name="Older", minutes_ago=30)
    make_comment(question, name="Newer", minutes_ago=5)

    assert authors(region(client, question, order="newest")) == ["Newer", "Older"]
    assert authors(region(client, question, order="sideways")) == ["Older", "Newer"]


def test_held_spam_removed_and_flag_hidden_comments_are_not_shown(client, question):
    make_comment(question, name="Shown")
    for state in [Comment.State.HELD, Comment.State.SPAM, Comment.State.REMOVED]:
        make_comment(question, name=state, state=state)
    hidden = make_comment(question, name="Hidden")
    hidden.hidden_by_flags = True
    hidden.save()

    discussion = region(client, question)

    assert authors(discussion) == ["Shown"]
    assert "(1 comment)" in discussion.find("h2").get_text()


def test_the_count_includes_replies(client, question):
    parent = make_comment(question)
    make_comment(question, parent=parent)
    make_comment(question, parent=parent)

    assert "(3 comments)" in region(client, question).find("h2").get_text()


def test_each_comment_has_author_relative_and_exact_time_and_permalink(client, question):
    comment = make_comment(question, name="Rita", minutes_ago=90)

    article = region(client, question).find(id=f"comment-{comment.pk}")

    assert article.select_one(".comment__author").get_text() == "Rita"
    # "How long ago" is said by discussion.js as of the moment the page is read, since the page
    # may come from a cache (test_browser checks the words); the server gives it the time.
    since = article.select_one(".comment__ago")["data-since"]
    assert datetime.datetime.fromisoformat(since) == comment.created_at
    exact = article.select_one("time")
    assert exact["datetime"][:16] == comment.created_at.strftime("%Y-%m-%dT%H:%M")
    assert comment.created_at.strftime("%-d %B %Y, %H:%M") in exact.get_text()
    assert article.select_one(".comment__permalink")["href"] == f"#comment-{comment.pk}"


def test_the_email_a_reader_left_is_never_shown(client, question):
    make_comment(question, name="Rita", email="rita.secret@example.org")

    assert "rita.secret" not in client.get(question.url).content.decode()


def test_comments_come_twenty_five_to_a_page(client, question):
    Comment.objects.bulk_create(
        Comment(page=question, author_name=f"Reader {n}", body="x", body_html="<p>x</p>",
                state=Comment.State.APPROVED)
        for n in range(120)
    )  # fmt: skip

    first, last = region(client, question), region(client, question, comments="5")

    assert len(authors(first)) == 25
    assert len(authors(last)) == 20
    assert "Page 1 of 5" in first.select_one(".pagination").get_text()
    for junk in ["0", "-2", "x", "99999"]:
        assert region(client, question, comments=junk) is not None


def test_a_deleted_comment_keeps_its_replies_under_a_placeholder(client, question):
    member = make_member("Alice")
    parent = make_comment(question, author=member, body="Words that go.")
    make_comment(question, parent=parent, name="Replier")
    from plainly.discussion import posting

    posting.delete(parent, user=member)
    discussion = region(client, question)

    assert discussion.find(id=f"comment-{parent.pk}").get_text(strip=True) == "Comment deleted"
    assert "Words that go." not in str(discussion)
    assert "Replier" in discussion.get_text()


# The budget for rendering a question page (no page cache). A member's request also loads their
# session and account, checks whether they are staff (two-step sign-in) and records their
# activity for the sessions list: nine more queries, the same on every page.
MAX_QUERIES = {"reader": 12, "member": 12 + 9}


def seed(question, threads: int, *, member) -> None:
    """``threads`` approved comments, each with one reply, by a member and by readers."""
    html = markup.render("Some words.")
    parents = Comment.objects.bulk_create(
        Comment(page=question, author=member if n % 2 else None, author_name="Reader",
                body="Some words.", body_html=html, state=Comment.State.APPROVED)
        for n in range(threads)
    )  # fmt: skip
    Comment.objects.bulk_create(
        Comment(page=question, parent=parent, author=member, body="A reply.", body_html=html,
                state=Comment.State.APPROVED)
        for parent in parents
    )  # fmt: skip


@pytest.mark.parametrize("viewer", ["reader", "member"])
def test_the_query_count_does_not_grow_with_the_comments(client, viewer):
    small, large = make_question(make_topic()), make_question(make_topic())
    member = make_member("Prolific")
    seed(small, 5, member=member)  # 10 comments
    seed(large, 500, member=member)  # 1,000 comments
    if viewer == "member":
        client.force_login(make_member("Viewer"))
    # Warm the caches (site root paths, related questions) before counting.
    client.get(small.url)
    client.get(large.url)

    with CaptureQueriesContext(connection) as for_small:
        client.get(small.url)
    with CaptureQueriesContext(connection) as for_large:
        client.get(large.url)

    assert len(for_large) == len(for_small)
    assert len(for_large) <= MAX_QUERIES[viewer], [q["sql"] for q in for_large.captured_queries]


def test_hostile_names_are_shown_as_typed_and_run_nothing(client, question):
    from plainly.discussion.tests.xss import VECTORS

    for vector in VECTORS:
        make_comment(question, name=vector[:60], body="Harmless words.")

    shown = set()
    pages = -(-len(VECTORS) // COMMENTS_PER_PAGE)  # more vectors than fit on one page
    for page_number in map(str, range(1, pages + 1)):
        discussion = region(client, question, comments=page_number)
        hostile = ["script", "img", "svg", "iframe", "math", "object", "embed"]
        assert discussion.find_all(hostile) == []
        for element in discussion.find_all(True):
            assert not [name for name in element.attrs if name.lower().startswith("on")], element
        shown |= {a.get_text() for a in discussion.select(".comment__author")}
    assert {vector[:60] for vector in VECTORS} <= shown


def test_the_count_leaves_out_replies_no_one_can_see(client, question):
    hidden = make_comment(question, name="Hidden parent")
    make_comment(question, parent=hidden, name="Orphan")
    hidden.state = Comment.State.REMOVED
    hidden.save()
    make_comment(question, name="Shown")

    discussion = region(client, question)

    assert "(1 comment)" in discussion.find("h2").get_text()
    assert "Orphan" not in discussion.get_text()


def test_a_deleted_comment_without_replies_is_not_listed(client, question):
    from plainly.discussion import posting

    member = make_member("Alice")
    comment = make_comment(question, author=member)
    posting.delete(comment, user=member)

    assert region(client, question).find(id=f"comment-{comment.pk}") is None


def test_a_discussions_count_is_read_from_one_index():
    """Counting a page's comments can read the page's index entries alone, not each comment's
    row: the index holds every column of the comments the count reads (whether each is deleted,
    and its id, which SQLite keeps in every index and PostgreSQL must be told to include). A page
    with 100,000 comments is then counted in tens of milliseconds, not hundreds."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA index_info('comment_page_listing')")
            held = {row[2] for row in cursor.fetchall()} | {"id"}
        else:
            cursor.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE c.relname = 'comment_page_listing'"
            )
            held = {row[0] for row in cursor.fetchall()}
    counted = {"page_id", "state", "hidden_by_flags", "parent_id", "deleted_at", "id"}
    assert counted <= held, counted - held
