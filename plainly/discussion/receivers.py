from django.dispatch import receiver

from plainly.accounts.signals import member_leaving
from plainly.discussion.models import FORMER_MEMBER, Comment


@receiver(member_leaving)
def keep_or_remove_comments(sender, user, keep_comments: bool, **kwargs):
    """A leaving member's comments stay, credited to “a former member”, or go, as they chose."""
    comments = Comment.objects.filter(author=user)
    if not keep_comments:
        for comment in comments:
            comment.withdraw(rule="member left, removing their comments")
    comments.update(author=None, author_name=FORMER_MEMBER, author_email="")
