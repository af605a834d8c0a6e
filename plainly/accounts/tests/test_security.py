"""Password storage and rules, and the cookies a signed-in member carries."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

import plainly.settings as production
from plainly.accounts.tests.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2():
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        assert make_password("a long enough password").startswith("argon2")


@pytest.mark.parametrize(
    "password",
    [
        "plain lowercase words",  # no composition rules
        "x" * 64,
        "a passphrase that goes on " * 10,
    ],
)
def test_long_or_simple_but_uncommon_passwords_are_allowed(password):
    with override_settings(AUTH_PASSWORD_VALIDATORS=production.AUTH_PASSWORD_VALIDATORS):
        validate_password(password)


@pytest.mark.parametrize(
    ("password", "code"),
    [("nine char", "password_too_short"), ("1234567890", "password_too_common")],
)
def test_short_and_common_passwords_are_refused(password, code):
    validators = override_settings(AUTH_PASSWORD_VALIDATORS=production.AUTH_PASSWORD_VALIDATORS)
    with validators, pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert code in [error.code for error in refused.value.error_list]


def test_session_and_csrf_cookies_are_http_only_and_same_site(client):
    make_member("Alice")
    client.get("/accounts/login/")

    client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})

    session = client.cookies["sessionid"]
    csrf = client.cookies["csrftoken"]
    assert session["httponly"] and csrf["httponly"]
    assert session["samesite"] == csrf["samesite"] == "Lax"


def test_cookies_are_secure_when_the_site_is_served_over_https():
    script = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    environment = {**os.environ, "PLAINLY_BASE_URL": "https://example.org"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)

    result = subprocess.run(
        [sys.executable, "-m", "plainly", "shell", "--no-imports", "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )

    assert result.stdout.split() == ["True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]
