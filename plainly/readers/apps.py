from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "plainly.readers"
    label = "readers"
    verbose_name = "Readers"

    def ready(self):
        from plainly.readers import receivers  # noqa: F401 - connects them
