from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Exists, OuterRef, Q

from plainly.accounts.names import skeleton


class User(AbstractUser):
    """A member or a member of staff. Members sign in by email; the username is internal."""

    display_name = models.CharField(
        max_length=60, blank=True, help_text="The name shown with the member's comments."
    )
    # What the display name looks like to a reader (accounts.names.skeleton), so that a name
    # passing for another member's is found with one indexed lookup.
    name_skeleton = models.CharField(max_length=120, blank=True, db_index=True, editable=False)

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args, **kwargs):
        # Of the name readers see: staff made in the admin may have no display name, and are
        # shown by their username, which no member may then pass for either.
        self.name_skeleton = skeleton(self.public_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"display_name", "username"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_skeleton"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        # How the admin greets and lists staff (Wagtail asks this first, then the username).
        return self.display_name or super().get_full_name()

    @property
    def public_name(self) -> str:
        """The name other readers see."""
        return self.display_name or self.get_username()


def display_name(user: User) -> str:
    """How allauth names a member in its pages and mails."""
    return user.public_name


def name_is_taken(name: str, *, by=None) -> bool:
    """Whether another account's display name looks like ``name``."""
    others = User.objects.exclude(pk=by.pk) if by is not None and by.pk else User.objects
    return bool(name) and others.filter(name_skeleton=skeleton(name)).exists()


def is_staff_condition(user_field: str) -> Q:
    """A condition, for a query of rows with a ``user_field`` foreign key to a user, that the
    user is staff (accounts.staff.is_staff): an admin, or given the right to open the admin."""
    from django.contrib.auth.models import Permission

    admin_access = Permission.objects.filter(
        codename="access_admin", content_type__app_label="wagtailadmin"
    )
    by_group = admin_access.filter(group__user=OuterRef(user_field))
    by_user = admin_access.filter(user=OuterRef(user_field))
    return Q(**{f"{user_field}__is_active": True}) & (
        Q(**{f"{user_field}__is_superuser": True}) | Exists(by_group) | Exists(by_user)
    )
