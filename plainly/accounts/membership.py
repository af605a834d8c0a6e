"""What happens to a member's account over its life, beyond what allauth does."""

from django.db import transaction

from plainly.accounts.models import User
from plainly.accounts.signals import member_leaving


def delete_member(user: User, *, keep_comments: bool) -> None:
    """Delete ``user`` for good; their comments stay anonymously or go, as they chose."""
    with transaction.atomic():
        member_leaving.send(sender=User, user=user, keep_comments=keep_comments)
        user.delete()
