"""The moderators' daily digest: one mail a day, when comments are waiting for a decision."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plainly.accounts import staff
from plainly.backends import mail
from plainly.discussion.models import Comment, ModerationDigest

DIGEST_HOUR = 7  # UTC: the digest goes out with the first worker run after this hour
MODERATORS = "Moderators"


def send_digest_if_due(now: datetime.datetime | None = None) -> int:
    """Mail each moderator about the queue once a day; the number of mails queued."""
    now = now or timezone.now()
    if now.hour < DIGEST_HOUR:
        return 0
    waiting = Comment.objects.in_queue()
    queue_size = waiting.count()
    # An empty queue sends nothing and marks nothing: comments held later today still get one.
    if not queue_size or ModerationDigest.objects.filter(day=now.date()).exists():
        return 0
    moderators = staff.to_mail(groups__name=MODERATORS)
    context = {
        "queue_size": queue_size,
        "oldest": waiting.order_by("created_at").first(),
        "queue_url": settings.WAGTAILADMIN_BASE_URL
        + reverse("wagtailsnippets_discussion_comment:list"),
    }
    subject = render_to_string("discussion/email/digest_subject.txt", context).strip()
    try:
        # The day's row and the queued mails are saved together or not at all; the row's
        # uniqueness lets only one worker run send the day's digest.
        with transaction.atomic():
            ModerationDigest.objects.create(day=now.date(), queue_size=queue_size)
            for moderator in moderators:
                body = render_to_string(
                    "discussion/email/digest_message.txt", {**context, "moderator": moderator}
                )
                mail.send_later(EmailMultiAlternatives(subject, body, to=[moderator.email]))
    except IntegrityError:
        return 0
    return len(moderators)
