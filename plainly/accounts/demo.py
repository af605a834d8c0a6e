"""The demo site's administrator account."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_EMAIL = "admin@example.com"


@dataclass
class DemoAdmin:
    username: str
    email: str
    password: str | None  # None when the account existed before and its password is not known


def password_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-admin-password"


def ensure_demo_admin() -> DemoAdmin:
    """Create the demo's superuser once, keeping its generated password in ``var/``."""
    User = get_user_model()
    keep_in = password_file()
    with transaction.atomic():
        user = User.objects.filter(username=DEMO_ADMIN_USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(
                username=DEMO_ADMIN_USERNAME,
                email=DEMO_ADMIN_EMAIL,
                password=password,
                first_name="Demo",
                last_name="Admin",
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            keep_in.parent.mkdir(parents=True, exist_ok=True)
            keep_in.unlink(missing_ok=True)
            with os.fdopen(os.open(keep_in, os.O_WRONLY | os.O_CREAT, 0o600), "w") as file:
                file.write(password)
            return DemoAdmin(user.username, user.email, password)
    known = keep_in.read_text().strip() if keep_in.exists() else None
    if known and not user.check_password(known):
        known = None  # Changed since the demo set it; the new one is the owner's secret.
    return DemoAdmin(user.username, user.email, known)
