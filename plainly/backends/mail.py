"""Mail leaves in the background: rendered during the request, delivered by a task that retries.

A slow or failing mail server must never hold up or break what a reader is doing, so requests only
queue a message; ``plainly worker`` delivers it, retrying with growing delays and logging each
failure. A message the worker gave up on stays in the task table, and ``plainly resend-mail``
queues it again once the fault is mended.
"""

import datetime
import logging
import smtplib
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds to wait before each retry: about a day of attempts in all before giving up.
RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60, 6 * 60 * 60, 16 * 60 * 60]


def link(path_or_url: str) -> str:
    """An address for a mail, on ``PLAINLY_BASE_URL``: whatever host a request named (its Host
    header is the client's to choose), a link in a mail leads to this site."""
    parts = urlsplit(path_or_url)
    return settings.BASE_URL + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


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


class DeliveryFailed(Exception):
    """A message could not be delivered; the text names the error, never the addresses."""


def describe(error: Exception) -> str:
    """An SMTP or network error in words safe for logs: its kind and code, not its text.

    Some errors quote the recipients in full (``SMTPRecipientsRefused``), and logs must not.
    """
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def is_permanent(error: Exception) -> bool:
    """The server refused for good (a 5xx answer): trying again would be refused again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and code >= 500


@task(backend="background", queue_name="mail")
def deliver(message: dict, attempt: int = 1) -> None:
    """Send one queued message; on a passing failure queue a retry, until the delays run out."""
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
        problem = describe(error)
        if is_permanent(error) or attempt > len(RETRY_DELAYS):
            logger.error(
                "Gave up on mail to %s after %d attempts: %s (plainly resend-mail tries again)",
                recipients,
                attempt,
                problem,
            )
            raise DeliveryFailed(problem) from None
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning(
            "Mail to %s failed (attempt %d): %s; retrying in %d s",
            recipients,
            attempt,
            problem,
            delay,
        )
        deliver.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(
            message, attempt=attempt + 1
        )


def resend_given_up() -> int:
    """Queue again every message the worker gave up on; how many. Each is queued and its failed
    record removed in one transaction, so a message is never lost or sent twice by this."""
    from django_tasks_db.models import DBTaskResult

    resent = 0
    for failed in DBTaskResult.objects.failed().filter(task_path=deliver.module_path):
        with transaction.atomic():
            # Removed first: of two runs at once, only the one that removed it queues it again.
            removed, _ = DBTaskResult.objects.filter(pk=failed.pk).delete()
            if removed:
                deliver.enqueue(failed.args_kwargs["args"][0])
                resent += 1
    return resent
