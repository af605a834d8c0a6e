"""The ``plainly`` command: Plainly's own commands plus every ``manage.py`` command."""

import os
import sys

# Commands that serve requests on many threads; see share_memory_arenas().
SERVING = {"serve", "demo"}
MEMORY_ARENAS = "2"


def main(argv: list[str] | None = None) -> None:
    """Run a management command, stopping with one line if a setting is unusable."""
    if argv is None:
        argv = sys.argv
        if len(argv) > 1 and argv[1] in SERVING:
            share_memory_arenas()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plainly.settings")
    from plainly.config import SettingError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - reading one setting loads them all
    except SettingError as error:
        sys.stderr.write(f"plainly: {error}\n")
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def share_memory_arenas() -> None:
    """Start again with glibc's malloc limited to two arenas, unless the operator chose a number.

    By default each request thread that allocates under contention gets an arena of its own,
    which keeps what the thread freed: about 25 MB more resident memory per server worker under
    load, for no speed a Python server can use. glibc reads the limit only as a process starts
    (a later mallopt() is ignored once threads have run), hence the fresh start.
    """
    if "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return
    os.environ["MALLOC_ARENA_MAX"] = MEMORY_ARENAS
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])  # noqa: S606 - ourselves
