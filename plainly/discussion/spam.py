"""The site's own defences against spam and abuse: no outside service is asked anything.

``assess`` weighs a new or edited comment against the rules and says whether it is refused,
held for a moderator, or may appear at once, naming the rule that decided.
"""

from dataclasses import dataclass

from plainly import abuse
from plainly.abuse import Refused
from plainly.discussion import markup, wordlists
from plainly.discussion.models import Ban, Comment, DiscussionSettings, Mode

MAX_LINKS = 2

# Comments allowed per window: (how many, seconds). Counted in the shared cache, so the limits
# hold across worker processes and, with Redis, across machines.
RATE_LIMITS = {
    "ip": [(5, 60), (30, 60 * 60)],
    "account": [(5, 60), (50, 24 * 60 * 60)],
    "flag": [(10, 60 * 60)],
}


class RateLimited(Refused):
    pass


@dataclass(frozen=True)
class Verdict:
    state: str
    rule: str
    reason: str
    about_content: bool = False  # held for what the comment says, not for who wrote it


def check_ticket(token: str, *, now: float | None = None) -> str:
    """The once-only key of the comment form's ticket (``abuse.check_ticket``)."""
    try:
        return abuse.check_ticket(token, now=now)
    except abuse.TooFast as refusal:
        raise Refused(
            "That was quick! Read your comment over, then send it again.", rule=refusal.rule
        ) from None


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


def screen_sender(sender: abuse.Sender, text: str, *, site) -> None:
    """The discussion's bans and forbidden words, applied to whatever else readers send
    (registered with ``abuse.register_screen``): one list for the whole site."""
    try:
        check_banned(user=sender.user, email=sender.email, ip_hash=sender.ip_hash)
    except Refused:
        raise Refused("What you send is not accepted here.", rule="banned") from None
    if site is not None:
        rules = DiscussionSettings.for_site(site)
        if wordlists.first_found(text, rules.reject_list):
            raise Refused(
                "What you wrote contains words this site does not accept.", rule="reject word"
            )


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
