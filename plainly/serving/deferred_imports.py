"""Modules that no request of this site runs, created when imported and run only when first used.

allauth's MFA views and forms import its WebAuthn helpers whatever ``MFA_SUPPORTED_TYPES`` says,
and those import fido2 and cryptography: about 11 MB in every server process for a way of
signing in the site does not offer. Python's ``LazyLoader`` gives the importer a module object at
once and runs the module's code on the first attribute read, which never comes while WebAuthn is
off. (Before Python 3.12 a first read from two threads at once could run it twice; only WebAuthn
code reads it, so that cannot happen here.)

Django REST framework, which Wagtail's redirects app loads, imports Django's PostgreSQL fields
whenever psycopg is installed, and with them psycopg and libpq: 9 MB in every server process of a
site on SQLite, which never connects to PostgreSQL. There the module is left out: DRF expects
that it may be missing, and goes without it.
"""

import importlib.abc
import importlib.machinery
import importlib.util
import sys

WEBAUTHN = "allauth.mfa.webauthn.internal.auth"
POSTGRES_FIELDS = "django.contrib.postgres.fields"
POSTGRES_ENGINE = "django.db.backends.postgresql"


class DeferredFinder(importlib.abc.MetaPathFinder):
    def __init__(self, names: frozenset[str]):
        self.names = names

    def find_spec(self, name, path, target=None):
        if name not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def defer(*names: str) -> None:
    """Load each of ``names`` lazily from now on (a module already imported stays as it is)."""
    sys.meta_path.insert(0, DeferredFinder(frozenset(names)))


def leave_out(name: str) -> None:
    """Have importing ``name`` fail as for a module that is not installed (unless it was
    imported already): Python's own meaning of None in ``sys.modules``."""
    sys.modules.setdefault(name, None)


def defer_unused(mfa_types, databases: dict) -> None:
    """Defer, or leave out, what the site's configuration never runs."""
    if "webauthn" not in mfa_types:
        defer(WEBAUTHN)
    if all(database.get("ENGINE") != POSTGRES_ENGINE for database in databases.values()):
        leave_out(POSTGRES_FIELDS)
