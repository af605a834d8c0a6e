"""“Forgot password?”: asking for a link, using it once, within the hour."""

import datetime
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from freezegun import freeze_time

from plainly.accounts.tests.factories import PASSWORD
from plainly.testing.mail import body_of, links_in

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
NEW_PASSWORD = "a brand new passphrase"


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def reset_link(mailbox, address="alice@example.org") -> str:
    [mail] = mailbox.wait_for(address)
    link = next(link for link in links_in(mail) if "/accounts/password/reset/key/" in link)
    return urlsplit(link).path


def set_new_password(client, link: str, password: str = NEW_PASSWORD):
    form_page = client.get(link, follow=True)
    return client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": password, "password2": password},
    )


def test_a_member_resets_a_forgotten_password_by_mail(client, alice, mailbox):
    response = client.post(RESET, {"email": "alice@example.org"})
    assert response.status_code == 302

    done = set_new_password(client, reset_link(mailbox))

    assert done.status_code == 302
    assert "changed" in page_text(client.get(done["Location"])).lower()
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not alice.check_password(PASSWORD)


def test_the_member_is_told_by_mail_that_their_password_changed(client, alice, mailbox):
    client.post(RESET, {"email": "alice@example.org"})
    set_new_password(client, reset_link(mailbox))

    mails = mailbox.wait_for("alice@example.org", count=2)

    assert "password" in mails[1]["Subject"].lower()
    assert "your password has been reset" in body_of(mails[1]).lower()


def test_a_used_link_stops_working(client, alice, mailbox):
    client.post(RESET, {"email": "alice@example.org"})
    link = reset_link(mailbox)
    set_new_password(client, link)

    again = set_new_password(client, link, password="yet another passphrase")

    assert again.status_code == 200
    assert "invalid" in page_text(again).lower()
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def in_minutes(minutes: int):
    return freeze_time(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=minutes))


def test_a_link_still_works_within_the_hour(client, alice, mailbox):
    client.post(RESET, {"email": "alice@example.org"})
    link = reset_link(mailbox)

    with in_minutes(59):
        response = set_new_password(client, link)

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_a_link_expires_after_an_hour(client, alice, mailbox):
    client.post(RESET, {"email": "alice@example.org"})
    link = reset_link(mailbox)

    with in_minutes(61):
        response = set_new_password(client, link)

    assert response.status_code == 200
    assert "invalid" in page_text(response).lower()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_forged_link_does_not_work(client, alice):
    response = set_new_password(client, "/accounts/password/reset/key/1-forged-token/")

    assert response.status_code == 200
    assert "invalid" in page_text(response).lower()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_known_and_unknown_addresses_get_the_same_answer(client, alice, mailbox):
    known = client.post(RESET, {"email": "alice@example.org"}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert page_text(known) == page_text(unknown)
    # The unknown address's owner learns that no account uses it.
    assert mailbox.wait_for("nobody@example.org")


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("short", "short", "too short"),
        ("password123", "password123", "too common"),
        (NEW_PASSWORD, "something else entirely", "same password"),
    ],
)
def test_a_weak_or_mismatched_new_password_is_refused(
    client, alice, mailbox, password1, password2, message
):
    client.post(RESET, {"email": "alice@example.org"})
    link = reset_link(mailbox)
    form_page = client.get(link, follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": password1, "password2": password2}
    )

    assert response.status_code == 200
    assert message in page_text(response).lower()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_reset_requests_are_rate_limited(client, alice, mailbox):
    for _ in range(5):
        client.post(RESET, {"email": "alice@example.org"})

    response = client.post(RESET, {"email": "alice@example.org"})

    assert response.status_code == 429
    assert "Too many attempts" in page_text(response)


@pytest.mark.parametrize("email", ["not an address", "a" * 300 + "@example.org", ""])
def test_a_malformed_address_gets_a_message(client, mailbox, email):
    response = client.post(RESET, {"email": email})

    assert response.status_code == 200
    assert "email" in page_text(response).lower()
    assert mailbox.messages == []


# A Host the site accepts (its domain is allowed), on a port of the attacker's choosing.
HOSTILE_HOST = "localhost:6666"


@pytest.mark.parametrize(
    ("email", "link_path"),
    [
        ("alice@example.org", "/accounts/password/reset/key/"),  # a member's reset link
        ("nobody@example.org", "/accounts/signup/"),  # "no account here, register?"
    ],
)
def test_links_in_reset_mail_lead_to_the_site_whatever_host_the_request_named(
    client, alice, mailbox, settings, email, link_path
):
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.BASE_URL = "https://answers.example.org"

    client.post(RESET, {"email": email}, HTTP_HOST=HOSTILE_HOST)

    [mail] = mailbox.wait_for(email)
    links = links_in(mail)
    assert any(urlsplit(link).path.startswith(link_path) for link in links), links
    assert all(link.startswith("https://answers.example.org/") for link in links), links
    assert "6666" not in body_of(mail)


def test_the_verification_link_leads_to_the_site_whatever_host_the_request_named(
    client, mailbox, settings
):
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.BASE_URL = "https://answers.example.org"
    client.post(
        "/accounts/signup/",
        {
            "email": "rita@example.org",
            "display_name": "Rita Reader",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        HTTP_HOST=HOSTILE_HOST,
    )

    [mail] = mailbox.wait_for("rita@example.org")
    [link] = [link for link in links_in(mail) if "/accounts/confirm-email/" in link]
    assert link.startswith("https://answers.example.org/accounts/confirm-email/")
    assert "6666" not in body_of(mail)
