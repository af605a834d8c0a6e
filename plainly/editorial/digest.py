"""The editors' weekly digest: the questions due for review and the facts gone stale."""

import datetime

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plainly.accounts import staff
from plainly.backends import mail
from plainly.editorial import reviews
from plainly.editorial.checks import stale_facts
from plainly.editorial.models import ReviewDigest

EDITORS = "Editors"
DIGEST_HOUR = 7  # UTC on Monday: the week's digest goes with the first worker run after it
LISTED = 30  # pages named in the mail; the report has the rest


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def edit_link(page) -> str:
    return mail.link(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def send_review_digest_if_due(now: datetime.datetime | None = None) -> int:
    """Mail each editor this week's digest, once a week and only if anything is due; the mails
    queued.

    A worker stopped on Monday sends it when it runs again later in the week."""
    now = now or timezone.now()
    today = now.date()
    week = week_of(today)
    if (today == week and now.hour < DIGEST_HOUR) or ReviewDigest.objects.filter(
        week=week
    ).exists():
        return 0
    due = reviews.due_for_review(today)
    stale = stale_facts(today)
    editors = staff.to_mail(groups__name=EDITORS)
    context = {
        "due": [{"item": item, "url": edit_link(item.page)} for item in due[:LISTED]],
        "more": max(len(due) - LISTED, 0),
        "due_count": len(due),
        "stale": stale,
        "report_url": mail.link(reverse("plainly_due_for_review")),
        "facts_url": mail.link(reverse("plainly_fact_checks")),
    }
    subject = render_to_string("editorial/email/digest_subject.txt", context).strip()
    try:
        # The week's row and its mails are saved together or not at all; the row's uniqueness
        # lets only one worker run send the week's digest.
        with transaction.atomic():
            # A week with nothing due is marked too, and the check not run again until the next.
            ReviewDigest.objects.create(week=week, overdue=len(due))
            for editor in editors if due or stale else ():
                body = render_to_string(
                    "editorial/email/digest_message.txt", {**context, "editor": editor}
                )
                mail.send_later(EmailMultiAlternatives(subject, body, to=[editor.email]))
    except IntegrityError:
        return 0
    return len(editors) if due or stale else 0
