from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "plainly.facts"
    label = "facts"
    verbose_name = "Facts"
