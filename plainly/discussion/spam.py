"""The site's own defences against spam and abuse: no outside service is asked anything.

``assess`` weighs a new or edited comment against the rules and says whether it is refused,
held for a moderator, or may appear at once, naming the rule that decided.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from plainly.discussion import markup
from plainly.discussion.models import Ban, Comment, DiscussionSettings, Mode

MAX_LINKS = 2
MIN_SECONDS_TO_WRITE = 3

# Comments allowed per window: (how many, seconds). Counted in the shared cache, so the limits
# hold across worker processes and, with Redis, across machines.
RATE_LIMITS = {
    "ip": [(5, 60), (30, 60 * 60)],
    "account": [(5, 60), (50, 24 * 60 * 60)],
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


def hash_ip(ip: str) -> str:
    """A keyed hash of an IP address: it can be matched against bans, but not read back."""
    return salted_hmac("plainly.discussion.ip", ip, algorithm="sha256").hexdigest()


def check_rate_limits(*, ip_hash: str, user=None) -> None:
    """Count one comment against the writer's limits; refuse it when a limit is used up."""
    subjects = [("ip", ip_hash)]
    if user is not None and user.is_authenticated:
        subjects.append(("account", str(user.pk)))
    for scope, subject in subjects:
        for allowed, seconds in RATE_LIMITS[scope]:
            key = f"discussion:rate:{scope}:{subject}:{seconds}"
            # add() starts the window only if none is running; incr() counts within it.
            cache.add(key, 0, timeout=seconds)
            try:
                count = cache.incr(key)
            except ValueError:  # The window ended between the two calls: start another.
                cache.set(key, 1, timeout=seconds)
                count = 1
            if count > allowed:
                raise RateLimited(
                    "You’re commenting faster than we allow. Wait a little and try again.",
                    rule="rate limit",
                )


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


def _contains(text: str, words: list[str]) -> str | None:
    lowered = text.lower()
    return next((word for word in words if word in lowered), None)


def assess(
    *,
    body: str,
    body_html: str,
    author,
    page_mode: str,
    rules: DiscussionSettings,
) -> Verdict:
    """Whether a comment may appear, must wait for a moderator, or is refused (raises Refused)."""
    word = _contains(body, rules.reject_list)
    if word:
        raise Refused("Your comment contains words this site does not accept.", rule="reject word")

    if Mode.HOLD in (rules.mode, page_mode):
        return Verdict(Comment.State.HELD, "discussion held", "Every comment here is moderated.")
    links = markup.count_links(body, body_html)
    if links > MAX_LINKS:
        return Verdict(Comment.State.HELD, "too many links", f"{links} links")
    word = _contains(body, rules.hold_list)
    if word:
        return Verdict(Comment.State.HELD, "hold word", f"contains “{word}”")
    if author is None or not author.is_authenticated:
        return Verdict(Comment.State.HELD, "no account", "Readers without an account are held.")
    if not Comment.objects.filter(author=author, state=Comment.State.APPROVED).exists():
        return Verdict(Comment.State.HELD, "first comment", "A member's first comment is held.")
    return Verdict(Comment.State.APPROVED, "previously approved", "The member has been approved.")
