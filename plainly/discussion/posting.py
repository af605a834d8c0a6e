"""Readers writing: posting, replying, editing and deleting comments, under the site's rules."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from plainly.discussion import markup, moderation, notifications, spam
from plainly.discussion.models import Comment, DiscussionSettings, Mode
from plainly.discussion.rules import effective_mode
from plainly.discussion.spam import Refused

DUPLICATE_WINDOW = datetime.timedelta(days=1)


class Duplicate(Refused):
    """The same words from the same writer again: a double submit, or a spammer's repeat."""


@dataclass(frozen=True)
class Draft:
    body: str
    parent_id: int | None = None
    author_name: str = ""
    author_email: str = ""


@dataclass(frozen=True)
class Screened:
    """What screening found: the words as shown, the verdict, and what a reply answers."""

    body_html: str
    verdict: spam.Verdict
    parent: Comment | None = None


def post(
    page,
    draft: Draft,
    *,
    ticket: str,
    is_robot: bool,
    user,
    ip_hash: Callable[[], str],
    rules: Callable[[], DiscussionSettings],
) -> Comment | None:
    """Take a comment as the comment form sent it; None for a robot's, which is not stored.

    The writer's address and the site's rules are read only for a form that passed the robot
    and ticket checks, so that those are answered alike however odd the rest of the request.
    """
    if is_robot:
        return None
    submission_key = spam.check_ticket(ticket)
    return submit(
        page, draft, user=user, ip_hash=ip_hash(), rules=rules(), submission_key=submission_key
    )


def submit(
    page,
    draft: Draft,
    *,
    user,
    ip_hash: str,
    rules: DiscussionSettings,
    submission_key: str | None = None,
) -> Comment:
    """Take a reader's comment: refuse it (raising Refused), hold it, or publish it.

    Whatever happens to a stored comment is kept as a Decision, naming the rule that decided.
    """
    member = user if user is not None and user.is_authenticated else None
    screened = screen(page, draft, author=member, ip_hash=ip_hash, rules=rules, new=True)
    verdict = screened.verdict
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                page=page,
                parent=screened.parent,
                author=member,
                author_name="" if member else draft.author_name,
                author_email="" if member else draft.author_email,
                ip_hash=ip_hash,
                body=draft.body,
                body_html=screened.body_html,
                state=verdict.state,
                submission_key=submission_key or None,
            )
            moderation.record(
                comment, state=verdict.state, rule=verdict.rule, reason=verdict.reason
            )
    except IntegrityError:  # The same form, sent twice at once: the first one counts.
        raise Duplicate("You’ve already posted this comment.", rule="duplicate") from None
    if verdict.state == Comment.State.APPROVED:
        notifications.comment_appeared(comment)
    return comment


def edit(comment: Comment, *, body: str, user, rules: DiscussionSettings) -> Comment:
    """Change a member's own comment within the edit window; held again if it now breaks a rule."""
    if not comment.can_edit(user):
        raise Refused("This comment can no longer be edited.", rule="edit window")
    screened = screen(
        comment.page, Draft(body=body), author=user, ip_hash=comment.ip_hash, rules=rules, new=False
    )
    verdict = screened.verdict
    with transaction.atomic():
        comment.body, comment.body_html = body, screened.body_html
        comment.edited_at = timezone.now()
        if verdict.state == Comment.State.HELD and verdict.about_content:
            comment.state = Comment.State.HELD
            moderation.record(
                comment, state=comment.state, rule=verdict.rule, reason="After an edit."
            )
        comment.save(update_fields=["body", "body_html", "edited_at", "state"])
    notifications.refresh_page(comment)
    return comment


def delete(comment: Comment, *, user) -> None:
    """A member deletes their own comment; replies keep their place under “comment deleted”."""
    if not comment.is_owned_by(user):
        raise Refused("You can only delete your own comments.", rule="not owner")
    with transaction.atomic():
        moderation.withdraw(comment, by=user, rule="deleted by author")
    notifications.comment_appeared(comment)


def screen(
    page, draft: Draft, *, author, ip_hash: str, rules: DiscussionSettings, new: bool
) -> Screened:
    """The checks a comment passes before it is stored, whether new or edited; raises Refused.

    A new comment also counts against its writer's limits, must answer a comment that can still
    be answered, and must not repeat one. One function, so that both meet the rules in one order
    and a comment that breaks several is always told the same one.
    """
    mode = effective_mode(page, rules)
    if mode == Mode.CLOSED:
        raise Refused("Comments are closed on this question.", rule="closed")
    if new:
        _check_writer(author, ip_hash=ip_hash)
    spam.check_banned(user=author, email=draft.author_email, ip_hash=ip_hash)
    parent = None
    if new:
        parent = _parent(page, draft)
        _check_not_repeated(draft, author=author, ip_hash=ip_hash)
    body_html = markup.render(draft.body)
    verdict = spam.assess(
        body=draft.body, body_html=body_html, author=author, page_mode=mode, rules=rules
    )
    return Screened(body_html=body_html, verdict=verdict, parent=parent)


def _check_writer(member, *, ip_hash: str) -> None:
    if member and not EmailAddress.objects.filter(user=member, verified=True).exists():
        raise Refused("Confirm your email address before you comment.", rule="unverified")
    spam.check_rate_limits(ip_hash=ip_hash, user=member)


def _parent(page, draft: Draft) -> Comment | None:
    if draft.parent_id is None:
        return None
    parent = (
        Comment.objects.visible()
        .for_page(page)
        .top_level()
        .filter(pk=draft.parent_id, deleted_at__isnull=True)
        .first()
    )
    if parent is None:
        raise Refused("That comment can no longer be replied to.", rule="no parent")
    return parent


def _check_not_repeated(draft: Draft, *, author, ip_hash: str) -> None:
    recent = Comment.objects.filter(
        _same_writer(user=author, email=draft.author_email, ip_hash=ip_hash),
        body=draft.body,
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
    )
    if recent.exists():
        raise Duplicate("You’ve already posted this comment.", rule="duplicate")


def _same_writer(*, user, email: str, ip_hash: str) -> Q:
    if user is not None and user.is_authenticated:
        return Q(author=user)
    return Q(author__isnull=True) & (Q(author_email__iexact=email) | Q(ip_hash=ip_hash))
