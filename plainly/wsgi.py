"""WSGI entry point, served by granian (``plainly serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plainly.settings")

django_application = get_wsgi_application()

from plainly.pagecache.wsgi import PageCache  # noqa: E402 (needs the settings above)

# Anonymous readers of cached pages are answered here, before Django's middleware runs.
application = PageCache(django_application)
