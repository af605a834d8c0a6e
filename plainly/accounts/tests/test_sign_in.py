"""Signing in and out, remembering the device, throttling, and staff's second factor."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings

from plainly.accounts.tests.factories import PASSWORD, make_staff
from plainly.accounts.two_factor import current_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
# Where a hostile link's ?next= would send a member after signing in, out or up.
HOSTILE_NEXT = [
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
]


def sign_in(client, email="alice@example.org", password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": email, "password": password, **extra})


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_a_member_signs_in_with_email_and_password(client, alice):
    response = sign_in(client)

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == alice


@pytest.mark.parametrize(
    "next_url",
    HOSTILE_NEXT,
)
def test_sign_in_never_sends_a_member_to_another_site(client, alice, next_url):
    response = sign_in(client, next=next_url)

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_signing_out_never_sends_anyone_to_another_site(client, alice, next_url):
    client.force_login(alice)

    response = client.post("/accounts/logout/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_registering_never_sends_anyone_to_another_site(client, next_url):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "rita@example.org",
            "display_name": "Rita",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
            "next": next_url,
        },
    )

    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert response["Location"].startswith("/")


def test_the_page_after_signing_in_says_so(client, alice):
    response = sign_in(client, next="/")

    assert response["Location"] == "/"
    assert "Successfully signed in as Alice" in page_text(client.get("/"))


def test_signing_in_issues_a_new_session_id(client, alice):
    session = client.session  # The test client starts a session and sets its cookie.
    session["visited"] = True
    session.save()
    before = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert before == session.session_key

    sign_in(client)

    assert client.cookies[django_settings.SESSION_COOKIE_NAME].value != before


def test_the_header_shows_the_display_name_with_account_and_sign_out(client, alice):
    sign_in(client)

    header = BeautifulSoup(client.get("/").content, "html.parser").select_one(".site-header")

    assert header.select_one(".account-name").get_text() == "Alice"
    assert header.select_one(".account-name")["href"] == "/accounts/"
    sign_out = header.select_one("form[action='/accounts/logout/']")
    assert sign_out["method"] == "post"
    assert "Sign in" not in header.get_text()


def test_the_header_offers_sign_in_and_register_to_readers(client):
    header = BeautifulSoup(client.get("/").content, "html.parser").select_one(".site-header")

    links = {a.get_text(): a["href"] for a in header.select(".account-links a")}
    assert links == {"Sign in": "/accounts/login/", "Register": "/accounts/signup/"}


def test_sign_out_needs_a_post(client, alice):
    sign_in(client)

    client.get("/accounts/logout/")
    assert client.get("/").wsgi_request.user.is_authenticated

    client.post("/accounts/logout/")
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_without_remember_me_the_session_ends_with_the_browser(client, alice):
    sign_in(client)

    assert client.session.get_expire_at_browser_close()


def test_remember_me_keeps_the_session_for_weeks(client, alice):
    sign_in(client, remember="on")

    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() >= 14 * 24 * 3600


def test_wrong_password_and_unknown_address_get_the_same_answer(client, alice):
    wrong_password = sign_in(client, password="not the password at all")
    unknown_address = sign_in(client, email="nobody@example.org")

    assert wrong_password.status_code == unknown_address.status_code == 200
    assert page_text(wrong_password) == page_text(unknown_address).replace(
        "nobody@example.org", "alice@example.org"
    )
    assert "not correct" in page_text(wrong_password)
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_repeated_wrong_passwords_are_throttled_with_the_429_page(client, alice):
    for _ in range(5):
        assert sign_in(client, password="guess").status_code == 200

    throttled = sign_in(client, password="guess")
    correct_but_throttled = sign_in(client)

    assert throttled.status_code == 429
    assert "Too many attempts" in page_text(throttled)
    assert correct_but_throttled.status_code == 429
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_an_unknown_address_is_throttled_just_like_a_known_one(client, alice):
    for _ in range(5):
        sign_in(client, email="nobody@example.org", password="guess")

    assert sign_in(client, email="nobody@example.org", password="guess").status_code == 429


@pytest.mark.parametrize(
    "data",
    [
        {"login": "alice@example.org"},
        {"login": "a" * 10_000, "password": "x"},
        {"login": "alice@example.org", "password": "p" * 100_000},
        {"login": "alice\x00@example.org", "password": "x"},
    ],
)
def test_malformed_sign_ins_get_a_message_not_an_error(client, alice, data):
    response = client.post(LOGIN, data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert BeautifulSoup(response.content, "html.parser").select('[role="alert"]')
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_sign_in_without_a_csrf_token_is_refused_with_the_styled_403(alice):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        LOGIN, {"login": "alice@example.org", "password": PASSWORD}
    )

    assert response.status_code == 403
    assert "You can’t open this page" in response.content.decode()


def test_the_admin_sign_in_is_the_members_sign_in(client):
    assert client.get("/admin/login/?next=/admin/pages/")["Location"] == (
        "/accounts/login/?next=/admin/pages/"
    )
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_staff_are_asked_for_their_second_factor(client):
    erin = make_staff("Erin", group="Editors")

    response = sign_in(client, email="erin@example.org")

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not client.get("/").wsgi_request.user.is_authenticated
    client.post("/accounts/2fa/authenticate/", {"code": current_code(erin.totp_secret)})
    assert client.get("/admin/").status_code == 200


def test_a_wrong_second_factor_keeps_staff_out(client):
    make_staff("Erin", group="Editors")
    sign_in(client, email="erin@example.org")

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == 200
    assert not client.get("/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize("role", ["Editors", "Moderators", "superuser"])
@pytest.mark.parametrize("path", ["/admin/pages/", "/", "/documents/1/anything.pdf", "/search/"])
def test_staff_without_a_second_factor_must_set_one_up_first(client, role, path):
    staff = make_staff(
        "Sam",
        group=None if role == "superuser" else role,
        superuser=role == "superuser",
        two_factor=False,
    )
    client.force_login(staff)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    set_up = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert set_up.status_code == 200
    assert set_up.request["PATH_INFO"].startswith("/accounts/")


def test_a_new_member_of_staff_gives_their_password_once_and_lands_in_the_admin(client):
    make_staff("Nina", group="Editors", two_factor=False)

    signed_in = client.post(
        f"{LOGIN}?next=/admin/pages/", {"login": "nina@example.org", "password": PASSWORD}
    )
    assert signed_in["Location"] == "/admin/pages/"
    sent_to_set_up = client.get("/admin/pages/")
    set_up = client.get(sent_to_set_up["Location"])  # the form itself, no second password
    assert set_up.status_code == 200
    assert "Set up an authenticator app" in page_text(set_up)
    secret = client.session["mfa.totp.secret"]
    switched_on = client.post(set_up.request["PATH_INFO"], {"code": current_code(secret)})
    codes = client.get(switched_on["Location"])
    assert codes.status_code == 200  # the recovery codes, shown without a password either
    assert len(BeautifulSoup(codes.content, "html.parser").select(".recovery-codes code")) > 0
    go_on = BeautifulSoup(codes.content, "html.parser").find(
        "a", string="I have kept them: continue"
    )

    assert go_on["href"] == "/admin/pages/"
    assert client.get(go_on["href"]).status_code == 200


def test_an_old_sign_in_does_not_let_staff_set_up_an_authenticator_unasked(client, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # the sign-in is too long ago
    make_staff("Nina", group="Editors", two_factor=False)
    sign_in(client, email="nina@example.org")

    response = client.get("/accounts/2fa/totp/activate/")

    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_staff_with_an_authenticator_confirm_their_password_to_change_it(client):
    erin = make_staff("Erin", group="Editors")
    sign_in(client, email="erin@example.org")
    client.post("/accounts/2fa/authenticate/", {"code": current_code(erin.totp_secret)})

    response = client.get("/accounts/2fa/totp/deactivate/")

    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_members_may_use_the_site_without_a_second_factor(client, alice):
    client.force_login(alice)

    assert client.get("/accounts/").status_code == 200
    assert client.get("/admin/").status_code == 302  # Not staff: Wagtail sends them away.


def test_repeated_wrong_codes_are_throttled_with_the_429_page(client):
    erin = make_staff("Erin", group="Editors")
    sign_in(client, email="erin@example.org")
    for _ in range(5):
        assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200

    throttled = client.post("/accounts/2fa/authenticate/", {"code": current_code(erin.totp_secret)})

    assert throttled.status_code == 429
    assert "Too many attempts" in page_text(throttled)
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_a_recovery_code_stands_in_for_the_authenticator(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    erin = make_staff("Erin", group="Editors")
    code = RecoveryCodes.activate(erin).get_unused_codes()[0]
    sign_in(client, email="erin@example.org")

    client.post("/accounts/2fa/authenticate/", {"code": code})

    assert client.get("/admin/").status_code == 200


def test_staff_setting_up_keep_their_secret_while_the_page_loads_its_files(client):
    make_staff("Nina", group="Editors", two_factor=False)
    sign_in(client, email="nina@example.org")
    client.get("/admin/")  # the page they were going to
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]

    # The page asks for a file that is not there (or the browser for its icon).
    fetched = client.get("/favicon.ico", headers={"Sec-Fetch-Dest": "image"}, follow=True)

    assert fetched.status_code == 403
    assert client.session["mfa.totp.secret"] == secret
    switched_on = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    codes = BeautifulSoup(client.get(switched_on["Location"]).content, "html.parser")
    assert codes.find("a", string="I have kept them: continue")["href"] == "/admin/"
