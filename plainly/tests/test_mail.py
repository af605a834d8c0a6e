"""Requests queue mail; the worker delivers it, retrying until the mail server answers."""

import datetime
import logging

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from plainly.backends import mail
from plainly.testing.servers import free_port

# The worker commits as it goes; these tests commit for real and then restore the migrations' rows.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def queued_mail(settings):
    """The production arrangement: mail waits in the database for ``plainly worker``."""
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []},
    }


def message(to="rita@example.org") -> EmailMultiAlternatives:
    email = EmailMultiAlternatives("Hello", "Plain words.", "site@example.org", [to])
    email.attach_alternative("<p>Plain words.</p>", "text/html")
    return email


def test_a_request_only_queues_mail_and_the_worker_delivers_it(client, queued_mail, mailbox):
    client.post(
        "/accounts/signup/",
        {
            "email": "rita@example.org",
            "display_name": "Rita",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
        },
    )
    assert mailbox.messages == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("worker", once=True)

    [delivered] = mailbox.wait_for("rita@example.org")
    assert "/accounts/confirm-email/" in delivered.get_body(("plain",)).get_content()


def test_html_and_plain_parts_both_arrive(queued_mail, mailbox):
    mail.send_later(message())
    call_command("worker", once=True)

    [delivered] = mailbox.wait_for("rita@example.org")
    assert delivered.get_body(("plain",)).get_content().strip() == "Plain words."
    assert delivered.get_body(("html",)).get_content().strip() == "<p>Plain words.</p>"


def test_a_failed_delivery_is_logged_and_retried_later(queued_mail, mailbox, settings, caplog):
    settings.EMAIL_PORT = free_port()  # Nothing listens here: the mail server is down.
    mail.send_later(message())

    with caplog.at_level(logging.WARNING, logger="plainly.backends.mail"):
        call_command("worker", once=True)

    assert mailbox.messages == []
    assert "Mail to r***@example.org failed (attempt 1)" in caplog.text
    assert "rita@example.org" not in caplog.text
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > datetime.datetime.now(tz=datetime.UTC)

    settings.EMAIL_PORT = mailbox.port  # The server is back.
    call_command("worker", once=True)
    assert mailbox.messages == []  # Not yet: the retry waits its turn.
    with freeze_time(retry.run_after + datetime.timedelta(seconds=1)):
        call_command("worker", once=True)
    assert mailbox.wait_for("rita@example.org")


def test_delivery_gives_up_after_the_last_retry_and_says_so(queued_mail, mailbox, settings, caplog):
    settings.EMAIL_PORT = free_port()
    attempts = len(mail.RETRY_DELAYS) + 1

    with (
        caplog.at_level(logging.ERROR, logger="plainly.backends.mail"),
        pytest.raises(mail.DeliveryFailed),
    ):
        mail.deliver.call(mail.as_data(message()), attempt=attempts)

    assert f"Gave up on mail to r***@example.org after {attempts} attempts" in caplog.text
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_mail_given_up_on_is_sent_again_when_asked(queued_mail, mailbox, settings, capsys):
    settings.EMAIL_PORT = free_port()  # down through the last retry
    mail.deliver.enqueue(mail.as_data(message()), attempt=len(mail.RETRY_DELAYS) + 1)
    call_command("worker", once=True)
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert mailbox.messages == []

    settings.EMAIL_PORT = mailbox.port  # mended
    call_command("resend-mail")
    assert "Queued 1 message(s) again." in capsys.readouterr().out
    call_command("worker", once=True)

    [delivered] = mailbox.wait_for("rita@example.org")
    assert delivered.get_body(("plain",)).get_content().strip() == "Plain words."
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    call_command("resend-mail")  # nothing left to send: nothing is sent twice
    call_command("worker", once=True)
    assert len(mailbox.to("rita@example.org")) == 1


def test_a_request_does_not_wait_for_a_mail_server_that_is_down(
    client, queued_mail, mailbox, settings
):
    settings.EMAIL_PORT = free_port()  # Nothing listens: the mail server is down.

    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )

    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_refusal_for_good_is_not_retried_and_no_address_is_logged(queued_mail, settings, caplog):
    from aiosmtpd.controller import Controller

    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 No such user here"

    refusing = Controller(Refusing(), hostname="127.0.0.1", port=free_port())
    refusing.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", refusing.port
    try:
        mail.send_later(message())
        with caplog.at_level(logging.WARNING):
            call_command("worker", once=True)
    finally:
        refusing.stop()

    assert "Gave up on mail to r***@example.org after 1 attempts" in caplog.text
    assert "rita@example.org" not in caplog.text
    assert not DBTaskResult.objects.filter(status="READY").exists()
    failed = DBTaskResult.objects.get(status="FAILED")
    assert "rita@example.org" not in str(failed.traceback) + str(failed.exception_class_path)


@pytest.mark.parametrize(
    ("address", "shown"),
    [("rita@example.org", "r***@example.org"), ("x@y.z", "x***@y.z"), ("odd", "***")],
)
def test_logs_show_addresses_masked(address, shown):
    assert mail.masked(address) == shown


def test_mail_queued_before_the_mail_task_moved_is_still_delivered(queued_mail, mailbox, settings):
    settings.EMAIL_PORT = mailbox.port
    mail.deliver.enqueue(mail.as_data(message()))
    DBTaskResult.objects.update(task_path="plainly.mail.deliver")  # as an older release queued it
    call_command("migrate", "plainly", "zero", verbosity=0)
    call_command("migrate", "plainly", verbosity=0)

    call_command("worker", once=True)

    [delivered] = mailbox.wait_for("rita@example.org")
    assert delivered.get_body(("plain",)).get_content().strip() == "Plain words."
