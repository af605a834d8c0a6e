from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member or a member of staff. Members sign in by email; the username is internal."""

    display_name = models.CharField(
        max_length=60, blank=True, help_text="The name shown with the member's comments."
    )

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name other readers see."""
        return self.display_name or self.get_username()


def display_name(user: User) -> str:
    """How allauth names a member in its pages and mails."""
    return user.public_name
