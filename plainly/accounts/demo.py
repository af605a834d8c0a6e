"""The demo site's administrator account, with the second factor staff must have."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from plainly.accounts.models import User
from plainly.accounts.two_factor import activate_authenticator, authenticator_secret

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_EMAIL = "admin@example.com"


@dataclass
class DemoAdmin:
    user: User
    username: str
    email: str
    password: str | None  # None when the account existed and its password has been changed
    totp_secret: str | None


def password_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-admin-password"


def totp_secret_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-admin-totp-secret"


def _keep(path: Path, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
        file.write(secret)


def _kept(path: Path) -> str | None:
    return path.read_text().strip() if path.exists() else None


def ensure_demo_admin() -> DemoAdmin:
    """Create the demo's superuser once, keeping its generated secrets in ``var/``."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=DEMO_ADMIN_USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(
                username=DEMO_ADMIN_USERNAME,
                email=DEMO_ADMIN_EMAIL,
                password=password,
                display_name="Demo Admin",
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            totp_secret = activate_authenticator(user)
            _keep(password_file(), password)
            _keep(totp_secret_file(), totp_secret)
            return DemoAdmin(user, user.username, user.email, password, totp_secret)
    password = _kept(password_file())
    if password and not user.check_password(password):
        password = None  # Changed since the demo set it; the new one is the owner's secret.
    totp_secret = _kept(totp_secret_file())
    if totp_secret != authenticator_secret(user):
        totp_secret = None  # Replaced since the demo set it up.
    return DemoAdmin(user, user.username, user.email, password, totp_secret)
