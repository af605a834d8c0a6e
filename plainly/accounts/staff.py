"""Who counts as staff: they must use two-step sign-in."""

from django.db.models import QuerySet

from plainly.accounts.models import User


def is_staff(user: User) -> bool:
    """Editors, moderators and admins: anyone who can open the Wagtail admin."""
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def may_reset_two_factor(user: User) -> bool:
    """Administrators only: a reset lets whoever signs in next with the password set up the
    second factor."""
    return user.is_active and user.is_superuser


def to_mail(**groups) -> QuerySet[User]:
    """Active accounts with an address, in the groups the filter names (``groups__name=...``,
    ``groups__in=...``): whom staff mail goes to."""
    return User.objects.filter(is_active=True, **groups).exclude(email="").distinct()
