"""Mail the site sends, caught by a real SMTP server on loopback."""

import email
import email.message
import email.policy
import logging
import re
import time
from collections.abc import Iterator

import pytest

from plainly.testing.servers import free_port


class Mailbox:
    """Mail received by a real SMTP server on loopback (aiosmtpd), for tests to read."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for message in self.messages if address in message["To"]]

    def wait_for(self, address: str, *, count: int = 1, timeout: float = 20):
        """The mails to ``address`` once ``count`` have arrived."""
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count:
            if time.monotonic() > deadline:
                pytest.fail(f"{count} mail(s) to {address} never arrived; got {self.messages}")
            time.sleep(0.1)
        return self.to(address)


def body_of(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def links_in(message: email.message.EmailMessage) -> list[str]:
    return re.findall(r"https?://\S+", body_of(message))


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd narrates every command
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings) -> Mailbox:
    """An empty mailbox on a real SMTP server, with the site's mail pointed at it."""
    smtp_server.messages.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    return smtp_server
