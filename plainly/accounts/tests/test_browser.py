"""A new reader goes the whole way in a real browser, with real mail, on a served site."""

import re
import time

import pytest
from playwright.sync_api import expect

from plainly.testing.browser import serious_violations
from plainly.testing.mail import links_in

pytestmark = pytest.mark.browser

QUESTION_PATH = "/korea/do-many-south-koreans-defect-to-north-korea/"
FIRST_PASSWORD = "my first passphrase here"
NEW_PASSWORD = "my second, better passphrase"


@pytest.fixture(params=["light", "dark"])
def themed_page(request, browser, served_site):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, color_scheme=request.param
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/inactive/"],
)
def test_account_pages_have_no_serious_accessibility_violations(
    themed_page, served_site, axe_script, path
):
    themed_page.goto(served_site.url + path)

    assert serious_violations(themed_page, axe_script) == []


def test_a_form_with_errors_is_still_accessible(themed_page, served_site, axe_script):
    themed_page.goto(served_site.url + "/accounts/signup/")
    themed_page.get_by_label("Email").fill("someone@example.org")
    themed_page.get_by_label("Display name").fill("Someone")
    themed_page.get_by_label("Password", exact=True).fill("short")
    themed_page.get_by_label("Password (again)").fill("shorter")
    themed_page.get_by_role("main").get_by_role("button", name="Register").click()

    expect(themed_page.get_by_role("alert").first).to_be_visible()
    assert serious_violations(themed_page, axe_script) == []


def link_from(smtp_server, address: str, containing: str, *, count: int) -> str:
    mails = smtp_server.wait_for(address, count=count)
    return next(link for link in links_in(mails[-1]) if containing in link)


def sign_in(page, site, address: str, password: str) -> None:
    page.goto(site.url + "/accounts/login/")
    page.get_by_label("Email").fill(address)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


def test_register_verify_sign_out_reset_and_sign_in_again(page, served_site, smtp_server):
    address = f"reader-{time.time_ns()}@example.org"
    header = page.locator(".site-header")

    # Register, from the link on a question page.
    page.goto(served_site.url + QUESTION_PATH)
    page.get_by_role("region", name="Discussion").get_by_role("link", name="Register").click()
    page.get_by_label("Email").fill(address)
    page.get_by_label("Display name").fill("Rita Reader")
    page.get_by_label("Password", exact=True).fill(FIRST_PASSWORD)
    page.get_by_label("Password (again)").fill(FIRST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # Open the verification link from the mail that arrives.
    page.goto(link_from(smtp_server, address, "/accounts/confirm-email/", count=1))
    page.get_by_role("button", name="Confirm").click()
    expect(header.get_by_role("link", name="Rita Reader")).to_be_visible()

    # Sign out, then "Forgot password?" from the question page.
    header.get_by_role("button", name="Sign out").click()
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto(served_site.url + QUESTION_PATH)
    page.get_by_role("region", name="Discussion").get_by_role(
        "link", name="Forgot password?"
    ).click()
    page.get_by_label("Email").fill(address)
    page.get_by_role("main").get_by_role("button", name="Reset my password").click()

    # Open the reset link from the mail, and set a new password.
    reset_link = link_from(smtp_server, address, "/accounts/password/reset/key/", count=2)
    page.goto(reset_link)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password (again)").fill(NEW_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Change password").click()
    expect(page.get_by_role("main")).to_contain_text(re.compile("changed", re.IGNORECASE))

    # Sign in with it: the header shows the display name.
    sign_in(page, served_site, address, NEW_PASSWORD)
    expect(header.get_by_role("link", name="Rita Reader")).to_be_visible()

    # The old password no longer works, nor does the used link.
    header.get_by_role("button", name="Sign out").click()
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    sign_in(page, served_site, address, FIRST_PASSWORD)
    expect(page.get_by_role("main")).to_contain_text("not correct")
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto(reset_link)
    expect(page.get_by_role("main")).to_contain_text(re.compile("invalid", re.IGNORECASE))


CREATE_MEMBER = """
from allauth.account.models import EmailAddress
from plainly.accounts.models import User

user = User.objects.create_user(
    username="{name}", email="{name}@example.org", password="{password}", display_name="{name}"
)
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


@pytest.fixture(scope="module")
def member_name(served_site) -> str:
    """A verified member, made once for the module (each test signs in afresh)."""
    name = f"member{time.time_ns()}"
    served_site.plainly(
        "shell", "--no-imports", "-c", CREATE_MEMBER.format(name=name, password=FIRST_PASSWORD)
    )
    return name


@pytest.fixture
def signed_in_page(themed_page, served_site, member_name):
    sign_in(themed_page, served_site, f"{member_name}@example.org", FIRST_PASSWORD)
    expect(
        themed_page.locator(".site-header").get_by_role("link", name=member_name)
    ).to_be_visible()
    return themed_page


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/sessions/",
        "/accounts/delete/",
    ],
)
def test_signed_in_account_pages_have_no_serious_accessibility_violations(
    signed_in_page, served_site, axe_script, path
):
    signed_in_page.goto(served_site.url + path)

    expect(signed_in_page.get_by_role("heading", level=1)).to_be_visible()
    assert serious_violations(signed_in_page, axe_script) == []
