"""Defences every form readers send shares: a keyed hash of the sender's address, kept in place
of the address; limits on how often one sender may do a thing; a signed ticket that tells a
reader who took a moment to write from a robot that posts the instant it loads a form; and the
screens the apps above register (bans, forbidden words) that every form's words pass through.

Counted in the shared cache, so the limits hold across worker processes and, with Redis, across
machines. Nothing here asks an outside service anything.
"""

import ipaddress
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import get_adapter
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

MIN_SECONDS_TO_WRITE = 3
TICKET_MAX_AGE = 24 * 60 * 60
# The salt names the app that first handed out tickets: forms open when it moved still post.
TICKET_SALT = "plainly.discussion.ticket"


class Limited(Exception):
    """A sender has done a thing as often as a limit allows."""


class Refused(Exception):
    """Something a reader sent that the site will not take; the message says why, in words for
    the reader, and ``rule`` names the rule for the moderators' log."""

    def __init__(self, message: str, *, rule: str):
        super().__init__(message)
        self.rule = rule


class TooFast(Refused):
    """A form sent without a genuine ticket, or sooner after it was opened than people write."""


@dataclass(frozen=True)
class Sender:
    """Who sent a form, as far as the screens may know: their address's hash, their account if
    they are signed in, and the address they gave, if any."""

    ip_hash: str
    user: Any = None
    email: str = ""


# Checks registered by the apps that own what they check (the discussion's bans and word
# lists): each raises Refused for words or a sender the site does not take.
Screen = Callable[..., None]
_screens: list[Screen] = []


def register_screen(check: Screen) -> Screen:
    """Have ``check(sender, text, site=...)`` pass judgement on whatever readers send."""
    if check not in _screens:
        _screens.append(check)
    return check


def screen(sender: Sender, text: str, *, site) -> None:
    """Raise Refused if any registered check refuses ``text`` from ``sender`` on ``site``."""
    for check in _screens:
        check(sender, text, site=site)


def writing_ticket(now: float | None = None) -> str:
    """A signed ticket handed out with a form: when it was opened, and a once-only key."""
    return signing.dumps(
        {"t": time.time() if now is None else now, "k": secrets.token_urlsafe(18)},
        salt=TICKET_SALT,
    )


def check_ticket(token: str, *, now: float | None = None) -> str:
    """The ticket's once-only key, if it is genuine and the reader took a moment to write;
    TooFast otherwise.

    People take more than a few seconds to write; robots post the instant they load the form.
    The key lets one ticket send one thing only, so a double submit stores one.
    """
    now = time.time() if now is None else now
    try:
        ticket = signing.loads(token or "", salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
        started, key = float(ticket["t"]), str(ticket["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        started, key = None, ""
    if started is None or now - started < MIN_SECONDS_TO_WRITE:
        raise TooFast("That was quick! Read it over, then send it again.", rule="too fast")
    return key


def hash_ip(ip: str) -> str:
    """A keyed hash of a reader's address: matched against bans and limits, never read back.

    IPv6 addresses are taken by their /64 network: one household or server gets a whole /64
    and could otherwise walk through its addresses to escape every limit and ban.
    """
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        bucket = ip
    else:
        bucket = str(
            ipaddress.ip_network(f"{address}/64", strict=False) if address.version == 6 else address
        )
    # The salt names the app that first kept these hashes: bans and limits keyed by them hold.
    return salted_hmac("plainly.discussion.ip", bucket, algorithm="sha256").hexdigest()


def client_ip_hash(request: HttpRequest) -> str:
    # allauth's reading of the client address honours PLAINLY_TRUSTED_PROXY_COUNT.
    return hash_ip(get_adapter().get_client_ip(request) or "")


def consume(name: str, subject: str, limits: list[tuple[int, int]]) -> None:
    """Count one more of ``name`` (a rate limit's key) done by ``subject``; ``Limited`` once any
    of ``limits`` (how many, in how many seconds) is used up."""
    for allowed, seconds in limits:
        # A fixed window from the first time: add() starts it with its whole lifetime, and
        # incr() counts within it without touching that lifetime (atomically, in the default
        # cache, which never drops it early), so a window ends when it should however often
        # it is used or refused meanwhile.
        key = f"{name}:{subject}:{seconds}"
        cache.add(key, 0, timeout=seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # The window ended between the two calls: start another.
            cache.set(key, 1, timeout=seconds)
            count = 1
        if count > allowed:
            raise Limited(name)
