from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "plainly.imports"
    label = "imports"
    verbose_name = "Imports"
