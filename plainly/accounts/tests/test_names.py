"""Display names that pass for another member's, or for the site's staff, are refused."""

import pytest
from bs4 import BeautifulSoup

from plainly.accounts.models import User
from plainly.accounts.names import skeleton
from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

# Each passes for "Mina Park" or for the demo's "Demo Admin" at a glance.
LOOK_ALIKES = [
    "mina park",  # case
    "Mina  Park",  # spacing
    "Mina_Park",  # punctuation
    "Mína Park",  # an accent
    "M\u0456na P\u0430rk",  # Cyrillic i and a
    "MINA PARK",
    "Demo Admin",
    "Dem0 Admin",  # a digit for a letter
    "DEMO ADMlN",  # l for I
    "Dem0 Adm!n",  # a mark for a letter
    "jane",  # a member of staff made in the admin, shown by username
]


@pytest.fixture
def others():
    make_member("Mina Park", email="mina@example.org")
    make_staff("Demo Admin", superuser=True)
    User.objects.create_superuser("jane", "jane@example.org", "a long enough password")


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_a_member_cannot_take_a_name_that_passes_for_another(client, others, name):
    alice = make_member("Alice")
    client.force_login(alice)

    response = client.post("/accounts/", {"display_name": name})

    assert response.status_code == 200
    assert "too like another member" in text_of(response)
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_a_new_member_cannot_register_under_a_look_alike_name(client, others, name):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "display_name": name,
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
        },
    )

    assert response.status_code == 200
    assert "too like another member" in text_of(response)


@pytest.mark.parametrize(
    "name", ["Site Moderator", "The Admin", "Plainly Staff", "0fficial", "Editor"]
)
def test_names_that_sound_like_staff_are_kept_for_staff(client, name):
    member = make_member("Alice")
    client.force_login(member)

    response = client.post("/accounts/", {"display_name": name})

    assert "kept for the staff" in text_of(response)
    staff = make_staff("Eddie", group="Editors")
    client.force_login(staff)
    assert client.post("/accounts/", {"display_name": name}).status_code == 302


def test_a_member_may_keep_or_restyle_their_own_name(client, others):
    mina = make_member("Alice Liddell")
    client.force_login(mina)

    assert client.post("/accounts/", {"display_name": "alice  liddell"}).status_code == 302


def test_a_reader_without_an_account_cannot_comment_as_a_member(client, others):
    question = make_question(make_topic(title="Korea"))
    from plainly.discussion.tests.factories import form, post_url

    response = client.post(post_url(question), form(name="Mina Park"))

    assert response.status_code == 400
    assert "too like another member" in text_of(response)


def test_names_that_differ_stay_apart():
    assert skeleton("Mina Park") != skeleton("Nina Park")
    assert skeleton("Rob") != skeleton("Bob")
    assert skeleton("Anna") == skeleton("ANNA") == skeleton("\u0410nna")  # a Cyrillic A


def test_staff_comments_carry_a_staff_mark_no_member_has(client):
    question = make_question(make_topic(title="Korea"))
    make_comment(question, author=make_staff("Eddie", group="Editors"), body="From the desk.")
    make_comment(question, author=make_member("Alice"), body="From a reader.")

    page = BeautifulSoup(client.get(question.url).content, "html.parser")

    marked = {
        comment.select_one(".comment__author").get_text(): bool(comment.select(".comment__staff"))
        for comment in page.select("article.comment")
    }
    assert marked == {"Eddie": True, "Alice": False}


def test_the_shipped_look_alikes_are_unicodes_table_as_the_library_ships_it():
    from plainly.accounts.names import _look_alikes, look_alikes_from_unicode

    # If this fails after an upgrade of confusable_homoglyphs, run write_look_alikes().
    assert _look_alikes() == look_alikes_from_unicode()
    assert _look_alikes()["\u0430"] == "a"  # the Cyrillic a
