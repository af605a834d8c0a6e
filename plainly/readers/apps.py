from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "plainly.readers"
    label = "readers"
    verbose_name = "Readers"
