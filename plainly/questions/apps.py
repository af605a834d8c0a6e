from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "plainly.questions"
    label = "questions"
    verbose_name = "Questions"

    def ready(self):
        from plainly.questions import receivers  # noqa: F401
