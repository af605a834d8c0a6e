"""A real browser (Debian's Chromium, driven by Playwright) to read the served site."""

import asyncio
import json
import re
import time
from pathlib import Path

import pytest

from plainly.testing.servers import running_on_ci

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def write_rich_text(page, field: str, text: str) -> None:
    """Type ``text`` in place of what the page editor's rich text field ``field`` (its name in
    the form) holds, as an editor would, and wait until Draftail has written it to the form: it
    does so a moment after a change, and a form sent before then sends the old text."""
    from playwright.sync_api import expect

    stored = page.locator(f"input[name='{field}']")
    editor = page.locator(f"[data-field-wrapper]:has(input[name='{field}']) [contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    expect(stored).to_have_value(re.compile(re.escape(json.dumps(text)[1:-1])), timeout=15_000)


def sign_in_with_code(page, *, email: str, password: str, totp_secret: str) -> None:
    """Sign in on the members' form open in ``page``, then give the authenticator's code."""
    from plainly.accounts.two_factor import PERIOD, current_code

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    code = page.get_by_label("Code")
    code.wait_for()
    # The site takes only the current period's code, as a person types it from their app; on a
    # busy machine one read in a period's last seconds can reach the server in the next.
    if PERIOD - time.time() % PERIOD < 5:
        time.sleep(PERIOD - time.time() % PERIOD + 0.1)
    code.fill(current_code(totp_secret))
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # On CI a missing browser is a broken machine, not a reason to skip.
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if running_on_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        _bring_back_the_browsers_loop()
        chromium.close()


# Playwright's sync API marks its event loop as running in this thread between its calls, so that
# nothing starts the loop again under it. Django takes that mark for async code and refuses
# database work, so a database test after a browser test on the same xdist worker would fail:
# outside the browser's tests, the mark is put aside.
_browsers_loop: list = []


def _bring_back_the_browsers_loop() -> None:
    if _browsers_loop:
        asyncio._set_running_loop(_browsers_loop.pop())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if "browser" in item.fixturenames:
        _bring_back_the_browsers_loop()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        loop = asyncio._get_running_loop()
        if "browser" in item.fixturenames and loop is not None:
            _browsers_loop.append(loop)
            asyncio._set_running_loop(None)


@pytest.fixture
def page(browser, served_site):
    """A desktop-sized tab on the served site, in a browser context of its own."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is not installed at {AXE_SCRIPT}: run `npm ci` (make test does)")
    return AXE_SCRIPT


def serious_violations(page, axe_script: Path) -> list[str]:
    """The serious and critical accessibility problems axe-core finds on ``page``."""
    # Evaluated by the browser's debugging protocol: a <script> tag would be refused by the
    # site's Content-Security-Policy, as it should be.
    page.evaluate(axe_script.read_text() + "\n;window.axe = axe;")
    results = page.evaluate("async () => await axe.run(document)")
    assert results["passes"], "axe-core checked nothing"
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements)"
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


STAFF = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from plainly.accounts.models import User
from plainly.accounts.two_factor import activate_authenticator

staff = User.objects.create_user(
    username="{name}", email="{name}@example.org", password="{password}", display_name="{name}"
)
EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
staff.groups.add(*Group.objects.filter(name="{group}"))
staff.is_staff = staff.is_superuser = {superuser}
staff.save()
print(json.dumps({{"totp": activate_authenticator(staff)}}))
"""


NEW_TOPIC = """
from plainly.questions.models import HomePage, TopicPage
topic = TopicPage(title="Borders", slug="borders-{n}", intro="Where countries meet.")
HomePage.objects.first().add_child(instance=topic)
topic.save_revision().publish()
print(topic.pk)
"""
GONE = """
from wagtail.models import Page
from wagtail.images import get_image_model
Page.objects.filter(pk={topic}).first().delete()
get_image_model().objects.filter(title="IMG_2041").delete()
"""
UNDESCRIBED_IMAGE = """
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
image = get_image_model()(title="IMG_2041")
image.file = get_test_image_file("IMG_2041.png")
image.save()
"""


@pytest.fixture
def served_topic(served_site):
    """A topic of this test's own on the served site, (id, slug), taken away afterwards with
    all the test wrote under it: the served site is shared by the whole session."""
    n = time.time_ns()
    made = served_site.plainly("shell", "--no-imports", "-c", NEW_TOPIC.format(n=n))
    pk = made.stdout.strip().splitlines()[-1]
    yield pk, f"borders-{n}"
    served_site.plainly("shell", "--no-imports", "-c", GONE.format(topic=pk))


def script_errors(page) -> list[str]:
    """The page's script errors and what its Content-Security-Policy refuses (a widget started
    by an inline script is dead), gathered as they happen: a test asserts the list empty."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def sign_in_staff(page, site, *, group: str = "", superuser: bool = False) -> str:
    """Make a member of ``group`` or an administrator (with an authenticator) on ``site``, sign
    them in ``page``, and give their name (their address is the name at example.org)."""
    name, password = f"staff{time.time_ns()}", "a long test passphrase"
    script = STAFF.format(name=name, password=password, group=group, superuser=superuser)
    made = site.plainly("shell", "--no-imports", "-c", script)
    totp = json.loads(made.stdout.strip().splitlines()[-1])["totp"]
    page.goto(site.url + "/accounts/login/")
    sign_in_with_code(page, email=f"{name}@example.org", password=password, totp_secret=totp)
    return name
