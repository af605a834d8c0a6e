"""Who reaches what: every admin and member page against each role, exactly as the role allows.

Writers draft pages and submit them for review; Editors review, publish, unpublish and delete
them and set the discussion's rules; Moderators look after comments and bans, not pages; admins
reach everything; members reach their own account; readers nothing.
"""

import pytest
from wagtail.models import Site

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic
from plainly.testing.isolation import rows_for_the_module

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "moderator", "writer", "editor", "admin"]
MEMBERS = {"member", "moderator", "writer", "editor", "admin"}
STAFF = {"moderator", "writer", "editor", "admin"}

EDITORS = {"editor", "admin"}
WRITERS = {"writer", *EDITORS}
MODERATORS = {"moderator", "admin"}
ADMINS = {"admin"}

# Each page, with the roles that may open it.
MATRIX = {
    # The admin's home, and the similar-question look-up the page editor uses.
    "/admin/": STAFF,
    "/admin/plainly/similar-questions/?title=Korea": STAFF,
    # Pages: writers draft and submit them; editors also publish, unpublish, move and delete
    # questions (Wagtail lets whoever may change and publish a page delete it if it has no
    # pages under it); a topic with questions under it only admins may delete.
    "/admin/pages/": WRITERS,
    "/admin/pages/{topic}/": WRITERS,
    "/admin/pages/add/questions/questionpage/{topic}/": WRITERS,
    "/admin/pages/{question}/edit/": WRITERS,
    "/admin/pages/{question}/view_draft/": WRITERS,
    "/admin/pages/{question}/history/": WRITERS,
    "/admin/pages/{question}/unpublish/": EDITORS,
    "/admin/pages/{question}/copy/": WRITERS,  # a copy is a new draft
    "/admin/pages/{question}/delete/": EDITORS,
    "/admin/pages/{question}/move/": EDITORS,
    "/admin/pages/{topic}/delete/": ADMINS,
    "/admin/pages/search/?q=Korea": WRITERS,
    "/admin/reports/locked/": EDITORS,
    "/admin/reports/aging-pages/": WRITERS,
    # Review dates: editors say a page was checked, and see which are due.
    "/admin/reports/due-for-review/": EDITORS,
    "/admin/plainly/reviewed/{question}/": EDITORS,
    "/admin/reports/site-history/": STAFF,  # each sees the history of what they may change
    # The discussion: moderators decide about comments and bans; editors set its rules.
    "/admin/snippets/discussion/comment/": MODERATORS,
    "/admin/snippets/discussion/comment/inspect/{comment}/": MODERATORS,
    "/admin/bulk/discussion/comment/approve/?id={comment}": MODERATORS,
    "/admin/bulk/discussion/comment/remove/?id={comment}": MODERATORS,
    "/admin/snippets/discussion/ban/": MODERATORS,
    "/admin/snippets/discussion/ban/add/": MODERATORS,
    "/admin/settings/discussion/discussionsettings/{site}/": EDITORS,
    # Media for pages: editors keep the library (writers choose from it in the page editor).
    "/admin/images/": EDITORS,
    "/admin/images/multiple/add/": EDITORS,
    "/admin/documents/": EDITORS,
    # Redirects keep a page's old addresses working: editors, who change them, manage them.
    "/admin/redirects/": EDITORS,
    "/admin/redirects/add/": EDITORS,
    # The site itself: who works on it, and its addresses.
    "/admin/users/": ADMINS,
    "/admin/users/edit/{member}/": ADMINS,
    "/admin/groups/": ADMINS,
    "/admin/sites/": ADMINS,
    "/admin/workflows/list/": ADMINS,
    # A member's own account.
    "/accounts/": MEMBERS,
    "/accounts/delete/": MEMBERS,
    "/accounts/password/change/": MEMBERS,
    "/accounts/email/": MEMBERS,
    "/accounts/sessions/": MEMBERS,
    "/accounts/reauthenticate/": MEMBERS,
    "/accounts/2fa/": MEMBERS,
    "/accounts/2fa/totp/activate/": {"member"},  # staff have an authenticator already
    # A member's own comment, which no one else may change (deleting it is a POST of its own).
    "/discussion/comments/{comment}/edit/": {"member"},
}
# Pages a member may open only after giving their password again, moments before.
REAUTHENTICATE = {"/accounts/delete/", "/accounts/2fa/totp/activate/"}


def make_world() -> dict:
    """A topic with a question, a member's comment on it, and one of each role on the staff."""
    topic = make_topic(title="Korea")
    question = make_question(topic, title="Is the Korean War over?")
    member = make_member("Mem")
    return {
        "topic": topic,
        "question": question,
        "member": member,
        "comment": make_comment(question, author=member, body="My own words."),
        "site": Site.objects.get(is_default_site=True),
        "moderator": make_staff("Mo", group="Moderators"),
        "writer": make_staff("Wendy", group="Writers"),
        "editor": make_staff("Ed", group="Editors"),
        "admin": make_staff("Ada", superuser=True),
    }


# Made once: each test runs in a savepoint, so what one does (a question deleted, a member
# removed) is undone before the next.
world = rows_for_the_module(make_world)


def signed_in(client, role: str, world: dict):
    if role != "anonymous":
        client.force_login(world[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(MATRIX))
def test_each_role_reaches_exactly_what_it_may(client, world, role, path):
    url = path.format(**{name: thing.pk for name, thing in world.items()})

    response = signed_in(client, role, world).get(url)

    if role in MATRIX[path] and path in REAUTHENTICATE:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/reauthenticate/")
    elif role in MATRIX[path]:
        assert response.status_code == 200, f"{role} could not open {url}"
    else:
        assert response.status_code in {302, 403, 404}, (
            f"{role} got {response.status_code} at {url}"
        )
        if response.status_code == 302:
            # Sent to sign in, or back to a page of their own; never on to what they asked for.
            assert response["Location"] != url


def fresh(thing):
    """``thing`` as the database now holds it, or None once deleted."""
    return type(thing).objects.filter(pk=thing.pk).first()


# What each role may do, not only see: (address, roles, whether it was done).
ACTIONS = {
    "unpublish a question": (
        "/admin/pages/{question}/unpublish/", EDITORS, lambda w: not fresh(w["question"]).live,
    ),
    "mark a question reviewed": (
        "/admin/plainly/reviewed/{question}/", EDITORS,
        lambda w: fresh(w["question"]).reviewed_by is not None,
    ),
    "delete a question": (
        "/admin/pages/{question}/delete/", EDITORS, lambda w: fresh(w["question"]) is None,
    ),
    "remove a comment": (
        "/admin/bulk/discussion/comment/remove/?id={comment}", MODERATORS,
        lambda w: fresh(w["comment"]).state == "removed",
    ),
    "delete a member": (
        "/admin/users/delete/{member}/", ADMINS, lambda w: fresh(w["member"]) is None,
    ),
    "delete a member's comment": (  # only its author may
        "/discussion/comments/{comment}/delete/", {"member"},
        lambda w: fresh(w["comment"]).deleted_at is not None,
    ),
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_role_does_exactly_what_it_may(client, world, role, action):
    path, allowed, done = ACTIONS[action]
    url = path.format(**{name: thing.pk for name, thing in world.items()})
    # The member is the comment's author.
    signed_in(client, role, world)

    response = client.post(url, {"kind": "account"})

    assert response.status_code < 500
    assert done(world) == (role in allowed), f"{role} {action}: {response.status_code}"
