"""The account page: display name, email, password, two factors, sessions, and deletion."""

import datetime
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from bs4 import BeautifulSoup
from django.test import Client
from freezegun import freeze_time

from plainly.accounts.models import User
from plainly.accounts.signals import member_leaving
from plainly.accounts.tests.factories import PASSWORD, make_member
from plainly.accounts.two_factor import current_code
from plainly.testing.mail import body_of, links_in

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


@pytest.fixture
def alice(client):
    member = make_member("Alice")
    client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    return member


def reauthenticate(client) -> None:
    """Confirm the password again, as sensitive changes ask."""
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302


def later(minutes: int):
    return freeze_time(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=minutes))


def test_the_account_page_needs_a_signed_in_member(client):
    assert client.get("/accounts/")["Location"].startswith("/accounts/login/")


def test_the_account_page_links_every_setting(client, alice):
    page = BeautifulSoup(client.get("/accounts/").content, "html.parser")

    links = {a["href"] for a in page.select("main a")}
    assert {
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/sessions/",
        "/accounts/delete/",
    } <= links


def test_a_member_changes_their_display_name(client, alice):
    response = client.post("/accounts/", {"display_name": "  Alice   Liddell "}, follow=True)

    alice.refresh_from_db()
    assert alice.display_name == "Alice Liddell"
    assert "Alice Liddell" in page_text(response)


@pytest.mark.parametrize("name", ["", "   ", "x" * 61, "bad\u0007bell"])
def test_a_bad_display_name_is_refused(client, alice, name):
    response = client.post("/accounts/", {"display_name": name})

    assert response.status_code == 200
    assert response.context["form"].errors
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_changing_the_email_address_asks_for_the_password_again(client, alice, mailbox):
    new_address = {"action_add": "", "email": "alice@new.example.org"}

    response = client.post("/accounts/email/", new_address)

    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not alice.emailaddress_set.filter(email="alice@new.example.org").exists()
    wrong = client.post(response["Location"], {"password": "not my password"})
    assert wrong.status_code == 200
    reauthenticate(client)
    client.post("/accounts/email/", new_address)
    assert alice.emailaddress_set.filter(email="alice@new.example.org").exists()


def test_the_renewed_confirmation_lapses_after_a_few_minutes(client, alice):
    reauthenticate(client)

    with later(minutes=10):
        response = client.post("/accounts/email/", {"action_add": "", "email": "a@b.example"})

    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_a_new_email_address_replaces_the_old_once_verified(client, alice, mailbox):
    reauthenticate(client)

    client.post("/accounts/email/", {"action_add": "", "email": "alice@new.example.org"})

    alice.refresh_from_db()
    assert alice.email == "alice@example.org"  # Until the new address is confirmed.
    [mail] = mailbox.wait_for("alice@new.example.org")
    link = next(link for link in links_in(mail) if "/accounts/confirm-email/" in link)
    client.post(urlsplit(link).path)
    alice.refresh_from_db()
    assert alice.email == "alice@new.example.org"
    assert list(alice.emailaddress_set.values_list("email", "verified", "primary")) == [
        ("alice@new.example.org", True, True)
    ]
    assert (
        client.post(
            "/accounts/login/", {"login": "alice@new.example.org", "password": PASSWORD}
        ).status_code
        == 302
    )
    # The old address is told, in case the change was not the member's doing.
    assert "changed" in body_of(mailbox.wait_for("alice@example.org")[-1]).lower()


def test_changing_the_password_needs_the_old_one_and_sends_a_notice(client, alice, mailbox):
    wrong = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "a new passphrase", "password2": "a new passphrase"},
    )
    assert wrong.status_code == 200
    client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a new passphrase", "password2": "a new passphrase"},
    )

    alice.refresh_from_db()
    assert alice.check_password("a new passphrase")
    assert "password has been changed" in body_of(mailbox.wait_for("alice@example.org")[0])
    assert client.get("/accounts/").status_code == 200  # Still signed in here.


def test_a_member_sees_and_ends_their_other_sessions(client, alice):
    laptop = Client(HTTP_USER_AGENT="Laptop browser")
    laptop.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    assert laptop.get("/accounts/").status_code == 200

    listing = client.get("/accounts/sessions/")
    assert "Laptop browser" in page_text(listing)
    client.post("/accounts/sessions/")

    assert laptop.get("/accounts/").status_code == 302
    assert client.get("/accounts/").status_code == 200


def test_a_member_turns_on_two_factor_and_is_asked_for_it_next_time(client, alice):
    reauthenticate(client)
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]

    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type="totp").exists()
    assert Authenticator.objects.filter(user=alice, type="recovery_codes").exists()
    client.post("/accounts/logout/")
    signed_in = client.post(
        "/accounts/login/", {"login": "alice@example.org", "password": PASSWORD}
    )
    assert signed_in["Location"] == "/accounts/2fa/authenticate/"


@pytest.fixture
def departures():
    """What the apps holding a member's words are told when the member leaves."""
    received = []

    def record(sender, user, keep_comments, **kwargs):
        received.append((user.email, keep_comments))

    member_leaving.connect(record)
    yield received
    member_leaving.disconnect(record)


@pytest.mark.parametrize(("choice", "keep"), [("keep", True), ("remove", False)])
def test_deleting_an_account_passes_on_the_members_choice_about_comments(
    client, alice, departures, choice, keep
):
    reauthenticate(client)
    response = client.post("/accounts/delete/", {"comments": choice, "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(email="alice@example.org").exists()
    assert departures == [("alice@example.org", keep)]
    assert not client.get("/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    "data", [{"comments": "keep"}, {"confirm": "on"}, {"comments": "burn", "confirm": "on"}]
)
def test_deleting_an_account_needs_a_choice_and_a_confirmation(client, alice, departures, data):
    reauthenticate(client)
    response = client.post("/accounts/delete/", data)

    assert response.status_code == 200
    assert User.objects.filter(email="alice@example.org").exists()
    assert departures == []


def test_deleting_an_account_asks_for_the_password_again(client, alice):
    response = client.post("/accounts/delete/", {"comments": "keep", "confirm": "on"})

    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert User.objects.filter(email="alice@example.org").exists()
