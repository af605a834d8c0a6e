"""The site's own defences against spam and abuse: no outside service is asked anything.

``assess`` weighs a new or edited comment against the rules and says whether it is refused,
held for a moderator, or may appear at once, naming the rule that decided.
"""

import secrets
import time
from dataclasses import dataclass

from django.core import signing

from plainly import abuse
from plainly.discussion import markup, wordlists
from plainly.discussion.models import Ban, Comment, DiscussionSettings, Mode

MAX_LINKS = 2
MIN_SECONDS_TO_WRITE = 3
TICKET_MAX_AGE = 24 * 60 * 60
TICKET_SALT = "plainly.discussion.ticket"

# Comments allowed per window: (how many, seconds). Counted in the shared cache, so the limits
# hold across worker processes and, with Redis, across machines.
RATE_LIMITS = {
    "ip": [(5, 60), (30, 60 * 60)],
    "account": [(5, 60), (50, 24 * 60 * 60)],
    "flag": [(10, 60 * 60)],
}


class Refused(Exception):
    """A comment the site will not take; the message says why, in words for the writer."""

    def __init__(self, message: str, *, rule: str):
        super().__init__(message)
        self.rule = rule


class RateLimited(Refused):
    pass


@dataclass(frozen=True)
class Verdict:
    state: str
    rule: str
    reason: str
    about_content: bool = False  # held for what the comment says, not for who wrote it


def writing_ticket(now: float | None = None) -> str:
    """A signed ticket handed out when a reader starts writing: when, and a once-only key."""
    return signing.dumps(
        {"t": time.time() if now is None else now, "k": secrets.token_urlsafe(18)},
        salt=TICKET_SALT,
    )


def check_ticket(token: str, *, now: float | None = None) -> str:
    """The ticket's once-only key, if it is genuine and the reader took a moment to write.

    People take more than a few seconds to write a comment; robots post the instant they load
    the form. The key lets one ticket post one comment only, so a double submit stores one.
    """
    now = time.time() if now is None else now
    try:
        ticket = signing.loads(token or "", salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
        started, key = float(ticket["t"]), str(ticket["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        started, key = None, ""
    if started is None or now - started < MIN_SECONDS_TO_WRITE:
        raise Refused(
            "That was quick! Read your comment over, then send it again.", rule="too fast"
        )
    return key


def _consume(scope: str, subject: str) -> None:
    try:
        abuse.consume(f"discussion:rate:{scope}", subject, RATE_LIMITS[scope])
    except abuse.Limited:
        raise RateLimited(
            "You’re doing that faster than we allow. Wait a little and try again.",
            rule="rate limit",
        ) from None


def check_rate_limits(*, ip_hash: str, user=None) -> None:
    """Count one comment against the writer's limits; refuse it when a limit is used up."""
    _consume("ip", ip_hash)
    if user is not None and user.is_authenticated:
        _consume("account", str(user.pk))


def check_flag_rate(reader: str) -> None:
    _consume("flag", reader)


def check_banned(*, user=None, email: str = "", ip_hash: str = "") -> None:
    candidates = [(Ban.Kind.IP, ip_hash)]
    if user is not None and user.is_authenticated:
        candidates += [(Ban.Kind.ACCOUNT, str(user.pk)), (Ban.Kind.EMAIL, user.email.lower())]
    if email:
        candidates.append((Ban.Kind.EMAIL, email.lower()))
    query = Ban.objects.none()
    for kind, value in candidates:
        if value:
            query = query | Ban.objects.filter(kind=kind, value=value)
    if query.exists():
        raise Refused("Comments from you are not accepted here.", rule="banned")


def assess(
    *,
    body: str,
    body_html: str,
    author,
    page_mode: str,
    rules: DiscussionSettings,
) -> Verdict:
    """Whether a comment may appear, must wait for a moderator, or is refused (raises Refused)."""
    word = wordlists.first_found(body, rules.reject_list)
    if word:
        raise Refused("Your comment contains words this site does not accept.", rule="reject word")

    if Mode.HOLD in (rules.mode, page_mode):
        return Verdict(
            Comment.State.HELD, "discussion held", "Every comment here is moderated.", True
        )
    links = markup.count_links(body, body_html)
    if links > MAX_LINKS:
        return Verdict(Comment.State.HELD, "too many links", f"{links} links", True)
    word = wordlists.first_found(body, rules.hold_list)
    if word:
        return Verdict(Comment.State.HELD, "hold word", f"contains “{word}”", True)
    if author is None or not author.is_authenticated:
        return Verdict(Comment.State.HELD, "no account", "Readers without an account are held.")
    if not Comment.objects.filter(author=author, state=Comment.State.APPROVED).exists():
        return Verdict(Comment.State.HELD, "first comment", "A member's first comment is held.")
    return Verdict(Comment.State.APPROVED, "previously approved", "The member has been approved.")
