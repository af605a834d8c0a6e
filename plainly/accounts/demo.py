"""The demo site's staff accounts (an administrator, an editor and a writer), each with the
second factor staff must have, so that the editorial process can be tried at once."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from plainly.accounts.models import User
from plainly.accounts.two_factor import activate_authenticator, authenticator_secret


@dataclass(frozen=True)
class Role:
    username: str  # also the role's name in the demo's files under var/
    display_name: str
    group: str | None  # None: an administrator
    does: str  # what the demo prints of the role

    @property
    def email(self) -> str:
        return f"{self.username}@example.com"


ADMIN = Role("admin", "Demo Admin", None, "everything, the site's settings and its staff")
EDITOR = Role("editor", "Mina Park", "Editors", "reviews, publishes and marks pages reviewed")
WRITER = Role("writer", "Jae Kim", "Writers", "drafts pages and submits them for review")
ROLES = [ADMIN, EDITOR, WRITER]
DEMO_ADMIN_USERNAME = ADMIN.username


@dataclass
class DemoAdmin:
    role: Role
    user: User
    username: str
    email: str
    password: str | None  # None when the account existed and its password has been changed
    totp_secret: str | None


def password_file(role: Role = ADMIN) -> Path:
    return Path(settings.VAR_DIR) / f"demo-{role.username}-password"


def totp_secret_file(role: Role = ADMIN) -> Path:
    return Path(settings.VAR_DIR) / f"demo-{role.username}-totp-secret"


def _keep(path: Path, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
        file.write(secret)


def _kept(path: Path) -> str | None:
    return path.read_text().strip() if path.exists() else None


def ensure_demo_admin() -> DemoAdmin:
    """The demo's administrator, created once."""
    return ensure_demo_account(ADMIN)


def ensure_demo_account(role: Role) -> DemoAdmin:
    """Create the demo's account for ``role`` once, keeping its generated secrets in ``var/``."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=role.username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            make = User.objects.create_superuser if role.group is None else User.objects.create_user
            user = make(
                username=role.username,
                email=role.email,
                password=password,
                display_name=role.display_name,
            )
            if role.group is not None:
                user.groups.add(Group.objects.get(name=role.group))
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            totp_secret = activate_authenticator(user)
            _keep(password_file(role), password)
            _keep(totp_secret_file(role), totp_secret)
            return DemoAdmin(role, user, user.username, user.email, password, totp_secret)
    password = _kept(password_file(role))
    if password and not user.check_password(password):
        password = None  # Changed since the demo set it; the new one is the owner's secret.
    totp_secret = _kept(totp_secret_file(role))
    if totp_secret != authenticator_secret(user):
        totp_secret = None  # Replaced since the demo set it up.
    return DemoAdmin(role, user, user.username, user.email, password, totp_secret)
