"""How long the discussion keeps what points at a reader's address: 90 days.

The keyed hashes of readers' addresses on comments and flags serve the checks made while a
comment is new (limits, repeats, bans by address, flags from one address counted once); after
that they only point at a reader. Bans by address are kept until a moderator lifts them.
"""

import datetime

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from plainly.discussion.models import Comment, Flag

ADDRESSES_KEPT = datetime.timedelta(days=90)


def forget_old_addresses(now: datetime.datetime | None = None) -> int:
    """Blank the address hashes of comments and flags older than ``ADDRESSES_KEPT``; returns how
    many rows lost one."""
    cutoff = (now or timezone.now()) - ADDRESSES_KEPT
    forgotten = Comment.objects.filter(created_at__lt=cutoff).exclude(ip_hash="")
    count = forgotten.update(ip_hash="")
    # A reader without an account is known to a flag by their address's hash alone: the flag
    # keeps a name of its own, which still keeps it one per reader and comment.
    old_flags = Flag.objects.filter(created_at__lt=cutoff)
    count += old_flags.filter(reader__startswith="ip:").update(
        reader=Concat(Value("forgotten:"), Cast("pk", CharField())), ip_hash=""
    )
    count += old_flags.exclude(ip_hash="").update(ip_hash="")
    return count
