"""Who counts as staff, and whether they have the second factor staff must have."""

from allauth.mfa.models import Authenticator

from plainly.accounts.models import User


def is_staff(user: User) -> bool:
    """Editors, moderators and admins: anyone who can open the Wagtail admin."""
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def has_two_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
