"""Authenticator-app (TOTP) codes: who has one, setting one up outside the web flow, and codes.

The web flow is allauth's; these serve the demo's administrator and the tests.
"""

import time
from datetime import UTC, datetime

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.db import transaction

from plainly.accounts.models import User
from plainly.accounts.staff import is_staff

PERIOD = 30  # seconds each code is valid, as authenticator apps count
# The session's note of the page staff were on their way to when sent to set up two-step sign-in.
AFTER_SETUP = "plainly.after_two_factor_setup"
RESET_ACTION = "plainly.reset_two_factor"


def has_two_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def first_setup_after_password(request) -> bool:
    """A member of staff who signed in with their password only minutes ago, without an
    authenticator then: setting one up and reading its recovery codes, they are not to be
    asked for the password again."""
    user = request.user
    if not (user.is_authenticated and is_staff(user)):
        return False
    passwords = [r for r in get_authentication_records(request, user) if r["method"] == "password"]
    if not passwords:
        return False
    signed_in_at = passwords[-1]["at"]
    if time.time() - signed_in_at >= account_settings.REAUTHENTICATION_TIMEOUT:
        return False
    return not Authenticator.objects.filter(
        user=user,
        type=Authenticator.Type.TOTP,
        created_at__lt=datetime.fromtimestamp(signed_in_at, UTC),
    ).exists()


def reset_two_factor(user: User, *, by: User) -> None:
    """Take away ``user``'s authenticator and recovery codes, for when they have lost them:
    at their next sign-in they set up a new one. The reset is kept in the admin's history."""
    # Imported here: Wagtail's logging needs the models, and this module is imported early.
    from wagtail.log_actions import log

    with transaction.atomic():
        Authenticator.objects.filter(user=user).delete()
        log(instance=user, action=RESET_ACTION, user=by)


def activate_authenticator(user: User) -> str:
    """Give ``user`` an authenticator and return its secret, to be put into an app."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def authenticator_secret(user: User) -> str | None:
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(totp.data["secret"]) if totp else None


def current_code(secret: str, *, periods_ahead: int = 0) -> str:
    """The code an authenticator app shows for ``secret`` now (or some periods from now)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD + periods_ahead))
