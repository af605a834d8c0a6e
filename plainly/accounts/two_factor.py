"""Authenticator-app (TOTP) codes: who has one, setting one up outside the web flow, and codes.

The web flow is allauth's; these serve the demo's administrator and the tests.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt

from plainly.accounts.models import User

PERIOD = 30  # seconds each code is valid, as authenticator apps count


def has_two_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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
