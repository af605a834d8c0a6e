"""The moderators' daily digest: one mail a day, when comments are waiting for a decision."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plainly import mail
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
    try:
        with transaction.atomic():
            # One row per day: whichever worker run gets here first sends the digest.
            ModerationDigest.objects.create(day=now.date(), queue_size=queue_size)
    except IntegrityError:
        return 0
    if not queue_size:
        return 0
    moderators = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MODERATORS)
        .exclude(email="")
        .distinct()
    )
    context = {
        "queue_size": queue_size,
        "oldest": waiting.order_by("created_at").first(),
        "queue_url": settings.WAGTAILADMIN_BASE_URL
        + reverse("wagtailsnippets_discussion_comment:list"),
    }
    sent = 0
    for moderator in moderators:
        message = EmailMultiAlternatives(
            subject=render_to_string("discussion/email/digest_subject.txt", context).strip(),
            body=render_to_string(
                "discussion/email/digest_message.txt", {**context, "moderator": moderator}
            ),
            to=[moderator.email],
        )
        mail.send_later(message)
        sent += 1
    return sent
