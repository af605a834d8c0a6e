from django.dispatch import receiver
from django.utils import timezone

from plainly.accounts.signals import member_leaving
from plainly.discussion.models import FORMER_MEMBER, Comment


@receiver(member_leaving)
def keep_or_remove_comments(sender, user, keep_comments: bool, **kwargs):
    """A leaving member's comments stay, credited to “a former member”, or go, as they chose."""
    anonymous = {"author": None, "author_name": FORMER_MEMBER, "author_email": ""}
    comments = Comment.objects.filter(author=user)
    if keep_comments:
        comments.update(**anonymous)
    else:
        # Others' replies keep their place, under "comment deleted".
        comments.update(**anonymous, body="", body_html="", deleted_at=timezone.now())
