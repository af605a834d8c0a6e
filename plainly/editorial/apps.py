from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "plainly.editorial"
    label = "editorial"
    verbose_name = "Editorial"

    def ready(self):
        from plainly.editorial import receivers

        receivers.connect()
