from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "plainly.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        from plainly.discussion import receivers  # noqa: F401 - connects the signal receivers
