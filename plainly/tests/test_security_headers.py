"""Security headers on every response, and a site (admin included) that works under them."""

import json
import re
import time

import pytest
from playwright.sync_api import expect

from plainly.accounts.tests.factories import make_staff
from plainly.conftest import sign_in_with_code
from plainly.questions.tests.factories import make_question, make_topic

STAFF = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from plainly.accounts.models import User
from plainly.accounts.two_factor import activate_authenticator

editor = User.objects.create_user(
    username="{name}", email="{name}@example.org", password="{password}", display_name="Edie"
)
EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
editor.groups.add(Group.objects.get(name="Editors"))
print(json.dumps({{"totp": activate_authenticator(editor)}}))
"""


def directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


@pytest.fixture
def question(db):
    return make_question(make_topic(title="Korea"), title="Is the Korean War over?")


@pytest.mark.parametrize(
    "path",
    ["/", "question", "/search/?q=war", "/accounts/login/", "/feeds/latest.atom", "/no-such-page/"],
)
def test_every_public_response_carries_the_security_headers(client, question, path):
    response = client.get(question.url if path == "question" else path)

    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no nonce needed
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_admin_may_frame_its_own_previews_and_still_runs_no_inline_script(client, db):
    editor = make_staff("Erin", group="Editors", two_factor=True)
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.browser
def test_readers_and_editors_meet_no_policy_violation(browser, served_site):
    name, password = f"editor{time.time_ns()}", "a long test passphrase"
    made = served_site.plainly(
        "shell", "--no-imports", "-c", STAFF.format(name=name, password=password)
    )
    totp = json.loads(made.stdout.strip().splitlines()[-1])["totp"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if re.search(r"Content Security Policy|Refused to", message.text)
            else None
        ),
    )

    for path in ["/", "/korea/is-the-korean-war-over/", "/search/?q=korea", "/accounts/login/"]:
        page.goto(served_site.url + path)
    sign_in_with_code(page, email=f"{name}@example.org", password=password, totp_secret=totp)

    # The editor changes a question, previews it beside the form, and publishes it.
    page.goto(served_site.url + "/admin/pages/search/?q=Korean+War")
    page.get_by_role("link", name="Is the Korean War over?").first.click()
    answer = page.locator("#id_short_answer")
    answer.fill("Not formally: an armistice has held since 1953, without a peace treaty.")
    # Inline panels and date pickers, started without inline scripts, work in added forms too.
    sources = page.locator("#id_sources-FORMS > *").count()
    page.locator("#id_sources-ADD").click()
    page.locator(f"#id_sources-{sources}-accessed").click()
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for()
    page.locator(f"#id_sources-{sources}-DELETE-button").click()
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[title='Preview']").last
    preview.get_by_text("without a peace treaty").wait_for()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.locator(".messages").get_by_text("published").wait_for()

    page.goto(served_site.url + "/korea/is-the-korean-war-over/")
    expect(page.get_by_text("without a peace treaty")).to_be_visible()
    assert refused == []
    context.close()
