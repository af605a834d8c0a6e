"""Database sessions that refuse malformed session keys before they reach the database."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        # Django only checks the length. A cookie is client input: a NUL byte in it would make
        # PostgreSQL reject the query with a 500, so anything Django could not have issued is
        # treated as no session at all.
        return super()._validate_session_key(key) and set(key) <= set(VALID_KEY_CHARS)
