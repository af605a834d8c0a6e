"""Who reaches what: every admin and member page against each role, exactly as the role allows.

Editors write and publish pages and set the discussion's rules; Moderators look after comments
and bans, not pages; admins reach everything; members reach their own account; readers nothing.
"""

import pytest
from wagtail.models import Site

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "moderator", "editor", "admin"]
MEMBERS = {"member", "moderator", "editor", "admin"}
STAFF = {"moderator", "editor", "admin"}

# Each page, with the roles that may open it.
MATRIX = {
    "/admin/": STAFF,
    "/admin/pages/": {"editor", "admin"},
    "/admin/pages/{question}/edit/": {"editor", "admin"},
    "/admin/pages/{question}/view_draft/": {"editor", "admin"},
    "/admin/snippets/discussion/comment/": {"moderator", "admin"},
    "/admin/snippets/discussion/ban/": {"moderator", "admin"},
    "/admin/settings/discussion/discussionsettings/{site}/": {"editor", "admin"},
    "/admin/images/": {"editor", "admin"},
    "/admin/documents/": {"editor", "admin"},
    "/admin/users/": {"admin"},
    "/admin/groups/": {"admin"},
    "/admin/sites/": {"admin"},
    "/accounts/": MEMBERS,
    "/accounts/delete/": MEMBERS,
    "/accounts/password/change/": MEMBERS,
    "/accounts/email/": MEMBERS,
    "/accounts/sessions/": MEMBERS,
    "/accounts/2fa/": MEMBERS,
}
# Pages a member may open only after giving their password again, moments before.
REAUTHENTICATE = {"/accounts/delete/"}


def signed_in(client, role: str):
    if role == "member":
        client.force_login(make_member("Mem"))
    elif role == "moderator":
        client.force_login(make_staff("Mo", group="Moderators"))
    elif role == "editor":
        client.force_login(make_staff("Ed", group="Editors"))
    elif role == "admin":
        client.force_login(make_staff("Ada", superuser=True))
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(MATRIX))
def test_each_role_reaches_exactly_what_it_may(client, role, path):
    question = make_question(make_topic(title="Korea"), title="Is the Korean War over?")
    url = path.format(question=question.pk, site=Site.objects.get(is_default_site=True).pk)

    response = signed_in(client, role).get(url)

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
