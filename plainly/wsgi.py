"""WSGI entry point, served by granian (``plainly serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plainly.settings")

application = get_wsgi_application()
