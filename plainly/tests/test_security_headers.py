"""Security headers on every response, and a site (admin included) that works under them."""

import re

import pytest
from playwright.sync_api import expect

from plainly.accounts.tests.factories import make_staff
from plainly.questions.tests.factories import make_question, make_topic
from plainly.serving import health, metrics
from plainly.serving.body_limit import SITE_LIMIT
from plainly.testing.browser import sign_in_staff, write_rich_text
from plainly.testing.wsgi import call_wsgi


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


def test_the_admin_frames_only_its_own_previews_and_runs_no_inline_script(client, question):
    editor = make_staff("Erin", group="Editors", two_factor=True)
    client.force_login(editor)

    admin = client.get("/admin/")
    preview = client.get(f"/admin/pages/{question.pk}/edit/preview/")

    assert admin.status_code == 200
    policy = directives(admin["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]  # no other site, nor the admin, frames it
    assert admin["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]  # Wagtail's widgets set inline styles
    policy = directives(preview["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]  # shown in the editor's preview panel
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def early_responses() -> dict[str, dict[str, str]]:
    """The headers of each response a WSGI layer makes before Django runs."""
    return {
        "healthz": call_wsgi("/healthz")[1],
        "readyz": call_wsgi("/readyz")[1],
        "metrics": call_wsgi("/metrics", REMOTE_ADDR="127.0.0.1")[1],
        "413": call_wsgi(
            "/accounts/login/", method="POST", CONTENT_LENGTH=str(SITE_LIMIT + 1),
            CONTENT_TYPE="application/x-www-form-urlencoded",
        )[1],
        "https healthz": call_wsgi("/healthz", HTTP_X_FORWARDED_PROTO="https")[1],
    }  # fmt: skip


def test_responses_made_before_django_carry_the_same_headers(
    keep_the_test_connection, settings, monkeypatch
):
    settings.ALLOWED_HOSTS = ["localhost"]
    monkeypatch.setattr(metrics, "close_old_connections", lambda: None)
    monkeypatch.setattr(health, "close_old_connections", lambda: None)

    for name, headers in early_responses().items():
        policy = directives(headers["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert "camera=()" in headers["Permissions-Policy"], name
        assert headers["X-Frame-Options"] == "DENY", name
        assert "Strict-Transport-Security" not in headers, name  # not in development


def test_responses_made_before_django_send_hsts_over_https_in_production(
    keep_the_test_connection, settings, monkeypatch
):
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setattr(health, "close_old_connections", lambda: None)
    plain = call_wsgi("/healthz")[1]
    secure = call_wsgi("/healthz", HTTP_X_FORWARDED_PROTO="https")[1]

    assert "Strict-Transport-Security" not in plain  # browsers ignore it over plain HTTP
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.browser
def test_readers_and_editors_meet_no_policy_violation(browser, served_site):
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
    sign_in_staff(page, served_site, group="Editors")

    # The editor changes a question, previews it beside the form, and publishes it.
    page.goto(served_site.url + "/admin/pages/search/?q=Korean+War")
    page.get_by_role("link", name="Is the Korean War over?").first.click()
    write_rich_text(
        page,
        "short_answer",
        "Not formally: an armistice has held since 1953, without a peace treaty.",
    )
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
