from django.apps import AppConfig


class PlainlyConfig(AppConfig):
    name = "plainly"
    verbose_name = "Plainly"

    def ready(self):
        from plainly import checks  # noqa: F401 - registers the checks
