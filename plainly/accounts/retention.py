"""Sessions end: what was kept about them goes with them.

Django leaves expired sessions in the database until something clears them, and allauth keeps
each signed-in session's address and browser (shown to the member under "Sessions") until the
member next looks; both go once the session has ended.
"""

from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session


def forget_ended_sessions() -> int:
    """Delete expired sessions and the devices' records of sessions that no longer exist;
    returns how many device records went."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    ended = UserSession.objects.exclude(session_key__in=Session.objects.values("session_key"))
    return ended.delete()[0]
