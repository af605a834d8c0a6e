"""Defences every form readers send shares: a keyed hash of the sender's address, kept in place
of the address, and limits on how often one sender may do a thing.

Counted in the shared cache, so the limits hold across worker processes and, with Redis, across
machines. Nothing here asks an outside service anything.
"""

import ipaddress

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


class Limited(Exception):
    """A sender has done a thing as often as a limit allows."""


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
