from django.core.management.base import BaseCommand

from plainly.backends import mail


class Command(BaseCommand):
    help = (
        "Queue again the mail the worker gave up on (after a day of retries, or a refusal), "
        "once the mail server or address is mended."
    )

    def handle(self, *args, **options):
        resent = mail.resend_given_up()
        self.stdout.write(self.style.SUCCESS(f"Queued {resent} message(s) again."))
