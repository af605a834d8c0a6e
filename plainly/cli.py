"""The ``plainly`` command: Plainly's own commands plus every ``manage.py`` command."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, stopping with one line if a setting is unusable."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plainly.settings")
    from plainly.config import SettingError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - reading one setting loads them all
    except SettingError as error:
        sys.stderr.write(f"plainly: {error}\n")
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv or sys.argv)
