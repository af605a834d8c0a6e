from django.db.models.signals import post_save
from django.dispatch import receiver

from plainly import pagecache
from plainly.accounts.signals import member_leaving, member_renamed
from plainly.discussion import moderation, notifications
from plainly.discussion.models import FORMER_MEMBER, Comment, DiscussionSettings


@receiver(member_leaving)
def keep_or_remove_comments(sender, user, keep_comments: bool, **kwargs):
    """A leaving member's comments stay, credited to “a former member”, or go, as they chose."""
    comments = Comment.objects.filter(author=user)
    notifications.refresh_pages(pages_showing(user))
    if not keep_comments:
        for comment in comments:
            moderation.withdraw(comment, rule="member left, removing their comments")
    comments.update(author=None, author_name=FORMER_MEMBER, author_email="")


@receiver(member_renamed)
def show_the_new_name(sender, user, **kwargs):
    notifications.refresh_pages(pages_showing(user))


def pages_showing(user) -> list[int]:
    """The questions where readers see something ``user`` wrote (their name, their words)."""
    return list(
        Comment.objects.visible().filter(author=user).values_list("page_id", flat=True).distinct()
    )


@receiver(post_save, sender=DiscussionSettings)
def show_the_new_rules(sender, **kwargs):
    # Closing or holding the discussion site-wide changes the form on every question page.
    pagecache.purge_all_pages_after_commit()
