"""Test overlay: the real settings, made fast and self-contained where speed is all that differs."""

import os

from plainly.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests render templates in-process without running collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A file cache would leak between test runs; a configured one (Redis in CI) is kept so the suite
# runs against the real service.
if "PLAINLY_CACHE_URL" not in os.environ:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Serve static files from the apps' folders, as after collectstatic, without running it.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
