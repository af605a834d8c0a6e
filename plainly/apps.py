from django.apps import AppConfig
from django.conf import settings


class PlainlyConfig(AppConfig):
    name = "plainly"
    verbose_name = "Plainly"

    def ready(self):
        from plainly import checks  # noqa: F401 - registers the checks
        from plainly.admin_widgets import refuse_undecodable_rich_text, start_choosers_from_data
        from plainly.serving.deferred_imports import defer_unused

        # Before any URL configuration loads: that is where the unused modules are imported.
        defer_unused(settings.MFA_SUPPORTED_TYPES, settings.DATABASES)
        start_choosers_from_data()
        refuse_undecodable_rich_text()
