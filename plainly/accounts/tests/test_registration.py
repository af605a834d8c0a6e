"""Registering, verifying the address, and the ways registration is refused."""

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import OperationalError, connection

from plainly.accounts.models import User
from plainly.accounts.tests.factories import PASSWORD, make_member
from plainly.backends import mail
from plainly.testing.isolation import clear_cache
from plainly.testing.mail import body_of, links_in

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"


class CountingHasher(MD5PasswordHasher):
    """A hasher that counts its work: hashing is what makes a new registration slow."""

    encoded = 0

    def encode(self, password, salt):
        CountingHasher.encoded += 1
        return super().encode(password, salt)


class WatchedHasher(MD5PasswordHasher):
    """A hasher that notes whether each hash is made inside a database transaction."""

    in_transaction: list[bool] = []

    def encode(self, password, salt):
        WatchedHasher.in_transaction.append(connection.in_atomic_block)
        return super().encode(password, salt)


def register(client, **overrides):
    data = {
        "email": "rita@example.org",
        "display_name": "Rita Reader",
        "password1": "correct horse battery staple",
        "password2": "correct horse battery staple",
    }
    if "email" in overrides:  # each member a name of their own: names may not pass for others'
        data["display_name"] = f"Reader {overrides['email'].split('@')[0]}"
    data.update(overrides)
    return client.post(SIGNUP, data)


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_registering_creates_an_unverified_member_with_a_display_name(client, mailbox):
    response = register(client)

    assert response.status_code == 302
    member = User.objects.get(email="rita@example.org")
    assert member.display_name == "Rita Reader"
    assert not EmailAddress.objects.get(user=member).verified
    [mail] = mailbox.wait_for("rita@example.org")
    assert mail["Subject"] == "Plainly: Confirm your email address"
    assert any("/accounts/confirm-email/" in link for link in links_in(mail))


def test_the_verification_link_confirms_the_address_and_signs_in(client, mailbox):
    register(client)
    [mail] = mailbox.wait_for("rita@example.org")
    link = next(link for link in links_in(mail) if "/accounts/confirm-email/" in link)

    response = client.post(link.split("testserver", 1)[-1], follow=True)

    assert EmailAddress.objects.get(email="rita@example.org").verified
    assert 'class="account-name"' in response.content.decode()
    assert "Rita Reader" in page_text(response)


def test_an_unverified_member_cannot_sign_in_and_is_sent_the_link_again(client, mailbox):
    register(client)
    mailbox.wait_for("rita@example.org")
    clear_cache()  # Three minutes later: allauth sends the link at most that often.

    response = client.post(
        "/accounts/login/",
        {"login": "rita@example.org", "password": "correct horse battery staple"},
        follow=True,
    )

    assert not response.wsgi_request.user.is_authenticated
    assert "Check your email" in page_text(response)
    mailbox.wait_for("rita@example.org", count=2)


def test_registering_a_known_address_answers_exactly_as_for_a_new_one(client, mailbox):
    make_member("Alice", email="alice@example.org")

    known = register(client, email="alice@example.org", display_name="Impostor")
    client.logout()
    unknown = register(client, email="nobody@example.org", display_name="Nobody")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert User.objects.filter(email="alice@example.org").count() == 1
    assert User.objects.get(email="alice@example.org").display_name == "Alice"
    # The owner of the address hears of the attempt; the page tells the visitor nothing.
    assert "already" in body_of(mailbox.wait_for("alice@example.org")[0]).lower()
    mailbox.wait_for("nobody@example.org")
    assert {message["To"] for message in mailbox.messages} == {
        "alice@example.org",
        "nobody@example.org",
    }


def test_registering_a_known_address_takes_as_long_as_a_new_one(client, settings, mailbox):
    settings.PASSWORD_HASHERS = ["plainly.accounts.tests.test_registration.CountingHasher"]
    make_member("Alice", email="alice@example.org")
    CountingHasher.encoded = 0

    register(client, email="alice@example.org")
    for_known = CountingHasher.encoded
    client.logout()
    register(client, email="nobody@example.org")

    assert for_known == CountingHasher.encoded - for_known == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_registration_hashes_its_password_once_and_before_its_transaction(
    client, settings, mailbox
):
    """Hashing is slow on purpose. On SQLite a transaction holds the site's one write lock, so
    a hash made inside one would keep every reader posting a comment waiting."""
    settings.PASSWORD_HASHERS = ["plainly.accounts.tests.test_registration.WatchedHasher"]
    WatchedHasher.in_transaction = []

    response = register(client)

    assert response.status_code == 302
    assert WatchedHasher.in_transaction == [False]
    member = User.objects.get(email="rita@example.org")
    assert member.display_name == "Rita Reader"
    assert member.check_password("correct horse battery staple")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"password1": "password123", "password2": "password123"}, "too common"),
        ({"password2": "a different password entirely"}, "same password"),
        ({"display_name": ""}, "This field is required"),
        ({"display_name": "x" * 61}, "at most 60 characters"),
        ({"display_name": "\u202e\u202e"}, "letters, numbers and punctuation"),
        ({"email": "not-an-address"}, "valid email"),
        ({"email": "a" * 300 + "@example.org"}, "valid email"),
        ({"password1": "p" * 2000, "password2": "p" * 2000}, "too long"),
        ({"display_name": "Nul\x00Byte"}, "Null characters are not allowed"),
    ],
)
def test_bad_registrations_are_refused_with_a_message_and_change_nothing(
    client, mailbox, overrides, message
):
    response = register(client, **overrides)

    assert response.status_code == 200
    assert message.lower() in page_text(response).lower()
    assert not User.objects.exists()
    assert mailbox.messages == []


@pytest.mark.parametrize("length", [10, 64, 200])
def test_long_passphrases_are_welcome(client, mailbox, length):
    passphrase = ("a tidy passphrase " * 20)[:length]

    response = register(client, password1=passphrase, password2=passphrase)

    assert response.status_code == 302
    assert User.objects.get(email="rita@example.org").check_password(passphrase)


def test_registration_is_rate_limited_per_address_of_origin(client, settings, mailbox):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/h/ip"}
    for number in range(3):
        client.logout()
        assert register(client, email=f"reader{number}@example.org").status_code == 302

    client.logout()
    response = register(client, email="one-too-many@example.org")

    assert response.status_code == 429
    assert "Too many attempts" in page_text(response)
    assert not User.objects.filter(email="one-too-many@example.org").exists()


def test_a_member_made_by_the_factory_can_sign_in(client):
    make_member("Alice")

    assert client.login(username="alice", password=PASSWORD)


def test_a_registration_the_database_drops_half_way_leaves_no_member(client, monkeypatch):
    def database_gone(message):
        raise OperationalError("server closed the connection unexpectedly")

    # The member and their address are written; queueing the confirmation mail then fails.
    monkeypatch.setattr(mail, "send_later", database_gone)
    client.raise_request_exception = False

    response = register(client)

    assert response.status_code == 503
    assert "try again later" in response.content.decode()
    assert not User.objects.filter(email="rita@example.org").exists()
    assert not EmailAddress.objects.exists()
