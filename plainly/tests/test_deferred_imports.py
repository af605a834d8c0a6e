"""What the site never runs is not loaded into its server processes."""

import json

from plainly.testing.installations import run_plainly

# A server process's start: the site set up and its URL configuration loaded (every view module).
LOAD_SITE = (
    "import json, sys\n"
    "from django.urls import get_resolver\n"
    "get_resolver().url_patterns\n"
    "from allauth.mfa.base import views\n"
    "from allauth.mfa.webauthn import forms\n"
    "loaded = {'fido2': 'fido2' in sys.modules, 'cryptography': 'cryptography' in sys.modules}\n"
)


def run_in_site(code: str, tmp_path) -> dict:
    result = run_plainly("shell", "--no-imports", "-c", code, PLAINLY_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_server_process_loads_no_webauthn_library_while_webauthn_is_off(tmp_path):
    found = run_in_site(LOAD_SITE + "print(json.dumps(loaded))\n", tmp_path)

    assert found == {"fido2": False, "cryptography": False}


def test_the_deferred_module_still_works_when_something_uses_it(tmp_path):
    code = (
        LOAD_SITE
        + "from allauth.mfa.webauthn.internal import auth\n"
        + "before = 'fido2' in sys.modules\n"
        + "server = auth.Fido2Server\n"
        + "print(json.dumps({'before': before, 'after': 'fido2' in sys.modules,\n"
        + "                  'server': server.__module__}))\n"
    )
    found = run_in_site(code, tmp_path)

    assert found == {"before": False, "after": True, "server": "fido2.server"}


def test_a_server_process_loads_postgresqls_driver_only_for_a_site_on_postgresql(tmp_path):
    code = (
        LOAD_SITE
        + "from django.db import connection\n"
        + "from rest_framework import compat, serializers\n"
        + "print(json.dumps({'vendor': connection.vendor, 'psycopg': 'psycopg' in sys.modules,\n"
        + "                  'fields': compat.postgres_fields is not None}))\n"
    )
    found = run_in_site(code, tmp_path)

    on_postgres = found["vendor"] == "postgresql"
    # On SQLite, DRF goes without Django's PostgreSQL fields, as when psycopg is missing.
    assert found == {"vendor": found["vendor"], "psycopg": on_postgres, "fields": on_postgres}
