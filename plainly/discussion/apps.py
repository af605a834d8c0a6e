from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "plainly.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        from plainly import abuse, pagecache
        from plainly.discussion import (
            reading,
            receivers,  # noqa: F401 - connects the signal receivers
            spam,
        )
        from plainly.discussion.models import Comment
        from plainly.serving import figures

        # Bans and forbidden words hold for what readers send elsewhere (their questions) too.
        abuse.register_screen(spam.screen_sender)
        # A question page kept as a shell gets its discussion drawn alone after a comment.
        pagecache.register_region("discussion", reading.region_html)

        figures.count_for_scrapes(
            "plainly_comments_awaiting_moderation",
            "Comments held for a moderator.",
            lambda: Comment.objects.filter(state=Comment.State.HELD).count(),
        )
