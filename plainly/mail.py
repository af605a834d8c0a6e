"""Mail leaves in the background: rendered during the request, delivered by a task that retries.

A slow or failing mail server must never hold up or break what a reader is doing, so requests only
queue a message; ``plainly worker`` delivers it, retrying with growing delays and logging each
failure.
"""

import datetime
import logging
import smtplib

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds to wait before each retry: about a day of attempts in all before giving up.
RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60, 6 * 60 * 60, 16 * 60 * 60]


def masked(address: str) -> str:
    """An address as logs may show it: enough to tell mails apart, not enough to harvest."""
    local, _, domain = address.rpartition("@")
    return f"{local[:1]}***@{domain}" if local else "***"


def as_data(message: EmailMessage) -> dict:
    """``message`` as plain data that a queued task can carry."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            {"content": content, "mimetype": mimetype}
            for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def send_later(message: EmailMessage) -> None:
    """Queue ``message`` for delivery by the background worker."""
    deliver.enqueue(as_data(message))


@task(backend="background", queue_name="mail")
def deliver(message: dict, attempt: int = 1) -> None:
    """Send one queued message; on failure queue a retry, until the delays run out."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        headers=message["headers"],
    )
    for alternative in message["alternatives"]:
        email.attach_alternative(alternative["content"], alternative["mimetype"])
    recipients = ", ".join(masked(address) for address in message["to"])
    try:
        email.send()
    except (OSError, smtplib.SMTPException) as error:
        if attempt > len(RETRY_DELAYS):
            logger.error("Gave up on mail to %s after %d attempts: %s", recipients, attempt, error)
            raise
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning(
            "Mail to %s failed (attempt %d): %s; retrying in %d s",
            recipients,
            attempt,
            error,
            delay,
        )
        deliver.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(
            message, attempt=attempt + 1
        )
