"""Readers writing: posting, replying, editing and deleting comments, under the site's rules."""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from plainly.discussion import markup, notifications, spam
from plainly.discussion.models import Comment, DiscussionSettings, Mode
from plainly.discussion.moderation import record
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


def _same_writer(*, user, email: str, ip_hash: str) -> Q:
    if user is not None and user.is_authenticated:
        return Q(author=user)
    return Q(author__isnull=True) & (Q(author_email__iexact=email) | Q(ip_hash=ip_hash))


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
    mode = effective_mode(page, rules)
    if mode == Mode.CLOSED:
        raise Refused("Comments are closed on this question.", rule="closed")
    member = user if user is not None and user.is_authenticated else None
    if member and not EmailAddress.objects.filter(user=member, verified=True).exists():
        raise Refused("Confirm your email address before you comment.", rule="unverified")
    spam.check_rate_limits(ip_hash=ip_hash, user=member)
    spam.check_banned(user=member, email=draft.author_email, ip_hash=ip_hash)

    parent = None
    if draft.parent_id is not None:
        parent = (
            Comment.objects.visible()
            .for_page(page)
            .top_level()
            .filter(pk=draft.parent_id, deleted_at__isnull=True)
            .first()
        )
        if parent is None:
            raise Refused("That comment can no longer be replied to.", rule="no parent")

    recent = Comment.objects.filter(
        _same_writer(user=member, email=draft.author_email, ip_hash=ip_hash),
        body=draft.body,
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
    )
    if recent.exists():
        raise Duplicate("You’ve already posted this comment.", rule="duplicate")

    body_html = markup.render(draft.body)
    verdict = spam.assess(
        body=draft.body, body_html=body_html, author=member, page_mode=mode, rules=rules
    )
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                page=page,
                parent=parent,
                author=member,
                author_name="" if member else draft.author_name,
                author_email="" if member else draft.author_email,
                ip_hash=ip_hash,
                body=draft.body,
                body_html=body_html,
                state=verdict.state,
                submission_key=submission_key or None,
            )
            record(comment, state=verdict.state, rule=verdict.rule, reason=verdict.reason)
    except IntegrityError:  # The same form, sent twice at once: the first one counts.
        raise Duplicate("You’ve already posted this comment.", rule="duplicate") from None
    if verdict.state == Comment.State.APPROVED:
        notifications.after_commit(notifications.comment_appeared, comment)
    return comment


def edit(comment: Comment, *, body: str, user, rules: DiscussionSettings) -> Comment:
    """Change a member's own comment within the edit window; held again if it now breaks a rule."""
    if not comment.can_edit(user):
        raise Refused("This comment can no longer be edited.", rule="edit window")
    mode = effective_mode(comment.page, rules)
    if mode == Mode.CLOSED:
        raise Refused("Comments are closed on this question.", rule="closed")
    spam.check_banned(user=user, ip_hash=comment.ip_hash)
    body_html = markup.render(body)
    verdict = spam.assess(body=body, body_html=body_html, author=user, page_mode=mode, rules=rules)
    with transaction.atomic():
        comment.body, comment.body_html = body, body_html
        comment.edited_at = timezone.now()
        if verdict.state == Comment.State.HELD and verdict.about_content:
            comment.state = Comment.State.HELD
            record(comment, state=comment.state, rule=verdict.rule, reason="After an edit.")
        comment.save(update_fields=["body", "body_html", "edited_at", "state"])
    notifications.after_commit(notifications.refresh_page, comment)
    return comment


def delete(comment: Comment, *, user) -> None:
    """A member deletes their own comment; replies keep their place under “comment deleted”."""
    if not comment.is_owned_by(user):
        raise Refused("You can only delete your own comments.", rule="not owner")
    with transaction.atomic():
        comment.withdraw(by=user, rule="deleted by author")
    notifications.after_commit(notifications.comment_appeared, comment)
