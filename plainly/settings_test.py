"""Test overlay: the real settings, made fast and self-contained where speed is all that differs."""

import atexit
import os
import shutil
import tempfile

# Tests keep their files (uploads, secret key) out of the developer's var/ folder: one folder per
# xdist worker, as each has a database of its own. Subprocesses started by tests inherit their
# worker's folder through the environment.
worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if "PLAINLY_VAR_DIR" not in os.environ or os.environ.get("PLAINLY_TESTS_VAR_OF", worker) != worker:
    os.environ["PLAINLY_VAR_DIR"] = tempfile.mkdtemp(prefix="plainly-tests-")
    os.environ["PLAINLY_TESTS_VAR_OF"] = worker
    atexit.register(shutil.rmtree, os.environ["PLAINLY_VAR_DIR"], ignore_errors=True)

from plainly.settings import *  # noqa: E402, F403 - read once the folder is set

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests render templates in-process without running collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A configured cache (Redis in CI) is kept so that the suite runs against the real service, under
# a prefix of its own so that clearing it between tests touches nothing else in that Redis.
# Otherwise the records (rate limits, purge records) are the embedded default's own store, and
# pages are kept in this process's memory.
if "PLAINLY_CACHE_URL" in os.environ:
    # Pages in the same Redis too, as with PLAINLY_PAGE_CACHE_URL, so that the suite runs the
    # page cache against Redis as well (production keeps them apart: deploy/redis.md).
    CACHES["pages"] = CACHES["renditions"] = {**CACHES["default"]}  # noqa: F405
    for _alias in CACHES.values():  # noqa: F405
        _alias["KEY_PREFIX"] = f"plainly-tests-{os.getpid()}"
else:
    CACHES["pages"] = CACHES["renditions"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
    }

# Mail is sent at once, so a test can read it straight after the request.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []},
}

# Serve static files from the apps' folders, as after collectstatic, without running it.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
