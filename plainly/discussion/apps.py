from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "plainly.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        from plainly.discussion import receivers  # noqa: F401 - connects the signal receivers
        from plainly.discussion.models import Comment
        from plainly.serving import figures

        figures.count_for_scrapes(
            "plainly_comments_awaiting_moderation",
            "Comments held for a moderator.",
            lambda: Comment.objects.filter(state=Comment.State.HELD).count(),
        )
