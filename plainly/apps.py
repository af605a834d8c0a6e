from django.apps import AppConfig


class PlainlyConfig(AppConfig):
    name = "plainly"
    verbose_name = "Plainly"
