from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from plainly.accounts.demo import ROLES, ensure_demo_account, password_file
from plainly.accounts.two_factor import current_code
from plainly.discussion.demo import load_demo_comments
from plainly.questions.demo import DemoError, load_demo_site


class Command(BaseCommand):
    help = (
        "Set up the demo site on this machine (migrate, load demo content, create an admin, an "
        "editor and a writer) and serve it, with the worker running alongside."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up the demo site, then exit."
        )
        parser.add_argument(
            "--code",
            nargs="?",
            const="admin",
            choices=[role.username for role in ROLES],
            help="Print the current two-factor code of the demo's admin (or editor, or writer), "
            "then exit.",
        )

    def handle(self, *args, host, port, no_serve, code, **options):
        if code:
            role = next(role for role in ROLES if role.username == code)
            account = ensure_demo_account(role)
            if not account.totp_secret:
                raise CommandError(
                    f"The demo {role.username}'s two-factor secret is not the one kept in var/."
                )
            self.stdout.write(current_code(account.totp_secret))
            return
        call_command("migrate", interactive=False, verbosity=0)
        accounts = [ensure_demo_account(role) for role in ROLES]
        try:
            report = load_demo_site(by=accounts[0].user)
        except DemoError as error:
            raise CommandError(f"Cannot load the demo: {error}") from None
        comments = load_demo_comments()
        self.stdout.write(
            f"Demo content: {len(report.created)} pages created, "
            f"{len(report.unchanged)} already present, {comments} comments added."
        )
        self.stdout.write(self.style.SUCCESS("Editors' admin: ") + f"http://{host}:{port}/admin/")
        for account in accounts:
            self.print_account(account)
        if no_serve:
            return
        call_command("serve", host=host, port=port)

    def print_account(self, account):
        role = account.role
        self.stdout.write(f"  {role.display_name} ({role.username}: {role.does})")
        self.stdout.write(f"    sign in with: {account.email}")
        if account.password:
            where = password_file(role)
            self.stdout.write(f"    password: {account.password}   (kept in {where})")
        else:
            self.stdout.write(
                f"    password: unchanged (set it with `plainly changepassword {role.username}`)"
            )
        if account.totp_secret:
            code = "" if role.username == "admin" else f" {role.username}"
            self.stdout.write(
                f"    two-factor secret: {account.totp_secret}   (add it to an authenticator "
                f"app, or run `plainly demo --code{code}` for the current code)"
            )
