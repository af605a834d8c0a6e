"""What moderators (and the site's own rules) decide about comments, each decision kept."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Value
from django.db.models.functions import Coalesce, NullIf

from plainly.discussion import notifications, spam
from plainly.discussion.models import FLAGS_TO_HIDE, Ban, Comment, Decision, Flag

ACTIONS = {
    "approve": Comment.State.APPROVED,
    "spam": Comment.State.SPAM,
    "remove": Comment.State.REMOVED,
}


def record(comment: Comment, *, state: str, by=None, rule: str = "", reason: str = "") -> Decision:
    """Keep what happened to a comment; every Decision is written here."""
    return Decision.objects.create(
        comment=comment, state=state, by=by, rule=rule, reason=reason[:300]
    )


def moderate(comment: Comment, *, decision: str, by: AbstractBaseUser, reason: str = "") -> None:
    """Approve a comment, or mark it as spam, or remove it, as a moderator decided."""
    state = ACTIONS[decision]
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        was_visible = comment.is_visible
        comment.state = state
        # A moderator's word settles the readers' flags either way: later flags start afresh.
        comment.hidden_by_flags = False
        comment.save(update_fields=["state", "hidden_by_flags"])
        comment.flags.all().delete()
        record(comment, state=state, by=by, reason=reason)
    if was_visible != (state == Comment.State.APPROVED):
        notifications.comment_appeared(comment)


def ban_value(comment: Comment, kind: str) -> str:
    """What a ban of ``kind`` would match for this comment's author; empty when it has none (an
    account ban for a comment written without an account)."""
    return {
        Ban.Kind.ACCOUNT: str(comment.author_id or ""),
        Ban.Kind.EMAIL: (comment.notification_address or "").lower(),
        Ban.Kind.IP: comment.ip_hash or "",
    }[kind]


def bannable_kinds(comments) -> dict[str, int]:
    """For each kind of ban, how many of ``comments`` it reaches; kinds that reach none are left
    out."""
    counts = {kind: sum(1 for c in comments if ban_value(c, kind)) for kind in Ban.Kind.values}
    return {kind: count for kind, count in counts.items() if count}


def ban_author(
    comment: Comment, *, kind: str, by: AbstractBaseUser, reason: str = ""
) -> Ban | None:
    """Refuse the author's future comments by account, email address or IP hash; None when the
    comment has nothing of that kind to ban."""
    value = ban_value(comment, kind)
    if not value:
        return None
    ban, _ = Ban.objects.get_or_create(
        kind=kind, value=value, defaults={"by": by, "reason": reason[:300]}
    )
    return ban


def withdraw(comment: Comment, *, by=None, rule: str) -> None:
    """Take a comment's words away, keeping its place and a Decision saying who and why."""
    if comment.erase():
        record(comment, state=comment.state, by=by, rule=rule)


def flag(comment: Comment, *, reader: str, ip_hash: str = "") -> bool:
    """Record one reader's flag; hide the comment once readers at enough different addresses
    have flagged it, so that no one reader can hide a comment alone, with or without accounts.

    Returns False when this reader had flagged it already; raises RateLimited when the reader
    has flagged too much lately.
    """
    # A member is counted as themselves and as their address, which many accounts share.
    for counted_as in {reader, f"ip:{ip_hash}"} if ip_hash else {reader}:
        spam.check_flag_rate(counted_as)
    with transaction.atomic():
        # Locked, so that flags arriving together are counted one after another.
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        _, created = Flag.objects.get_or_create(
            comment=comment, reader=reader, defaults={"ip_hash": ip_hash}
        )
        if not created:
            return False
        # Flags from before addresses were kept count by their reader.
        source = Coalesce(NullIf("ip_hash", Value("")), "reader")
        flags = Flag.objects.filter(comment=comment).aggregate(n=Count(source, distinct=True))["n"]
        if flags >= FLAGS_TO_HIDE and not comment.hidden_by_flags:
            comment.hidden_by_flags = True
            comment.save(update_fields=["hidden_by_flags"])
            record(
                comment,
                state=comment.state,
                rule="flagged",
                reason=f"Hidden after readers at {flags} addresses flagged it.",
            )
            notifications.comment_appeared(comment)
    return True
