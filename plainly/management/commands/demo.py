from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from plainly.accounts.demo import ensure_demo_admin, password_file
from plainly.accounts.two_factor import current_code
from plainly.discussion.demo import load_demo_comments
from plainly.questions.demo import DemoError, load_demo_site


class Command(BaseCommand):
    help = (
        "Set up the demo site on this machine (migrate, load demo content, create an admin) "
        "and serve it, with the worker running alongside."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up the demo site, then exit."
        )
        parser.add_argument(
            "--code",
            action="store_true",
            help="Print the demo admin's current two-factor code, then exit.",
        )

    def handle(self, *args, host, port, no_serve, code, **options):
        if code:
            admin = ensure_demo_admin()
            if not admin.totp_secret:
                raise CommandError(
                    "The demo admin's two-factor secret is not the one kept in var/."
                )
            self.stdout.write(current_code(admin.totp_secret))
            return
        call_command("migrate", interactive=False, verbosity=0)
        admin = ensure_demo_admin()
        try:
            report = load_demo_site(by=admin.user)
        except DemoError as error:
            raise CommandError(f"Cannot load the demo: {error}") from None
        comments = load_demo_comments()
        self.stdout.write(
            f"Demo content: {len(report.created)} pages created, "
            f"{len(report.unchanged)} already present, {comments} comments added."
        )
        self.stdout.write(self.style.SUCCESS("Editors' admin: ") + f"http://{host}:{port}/admin/")
        self.stdout.write(f"  sign in with: {admin.email}")
        if admin.password:
            self.stdout.write(f"  password: {admin.password}   (kept in {password_file()})")
        else:
            self.stdout.write("  password: unchanged (set it with `plainly changepassword admin`)")
        if admin.totp_secret:
            self.stdout.write(
                f"  two-factor secret: {admin.totp_secret}   (add it to an authenticator app, "
                "or run `plainly demo --code` for the current code)"
            )
        if no_serve:
            return
        call_command("serve", host=host, port=port)
