from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.core.exceptions import ValidationError

from plainly.accounts import two_factor
from plainly.backends import mail
from plainly.serving.request_site import site_name

MAX_EMAIL_LENGTH = 254


class AccountAdapter(DefaultAccountAdapter):
    """allauth fitted to Plainly: display names, the site's name on mail, mail in the background."""

    def clean_email(self, email: str) -> str:
        # Longer than any deliverable address, and than the database column that stores it.
        if len(email) > MAX_EMAIL_LENGTH:
            raise ValidationError(
                f"Enter a valid email address of at most {MAX_EMAIL_LENGTH} characters."
            )
        return super().clean_email(email)

    def save_user(self, request, user, form, commit=True):
        if password_hash := getattr(form, "password_hash", None):
            # Hashed already (SignupForm.hash_password): allauth is not to hash it again.
            fields = {
                name: value
                for name, value in form.cleaned_data.items()
                if name not in ("password", "password1")
            }
            user = super().save_user(request, user, SimpleNamespace(cleaned_data=fields), False)
            user.password = password_hash
        else:
            user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"]
        if commit:
            user.save()
        return user

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed sign-ins per host name and address. The Host header is the
        # client's to choose (its port is not checked against ALLOWED_HOSTS), so count per
        # address alone, or a guesser could start afresh with every port.
        return credentials.get("email", credentials.get("username", "")).lower()

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Staff must set up an authenticator before anything else; having just typed their
        # password to sign in, they are not asked for it a second time to do so.
        if app == "allauth.mfa" and two_factor.first_setup_after_password(context.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def format_email_subject(self, subject: str) -> str:
        return f"{site_name(context.request)}: {subject}"

    def send_mail(self, template_prefix: str, email: str, context_data: dict) -> None:
        # Rendered now, while the request is at hand for links; delivered by the worker.
        request = context.request
        # allauth's mails greet from "current_site": the site's name, not its host name.
        domain = urlsplit(settings.BASE_URL).netloc
        current_site = SimpleNamespace(name=site_name(request), domain=domain)
        mail_context = {"request": request, "email": email, "current_site": current_site}
        # allauth builds its links (activate_url, password_reset_url, signup_url) from the
        # request, whose Host header the client chooses: each is put on PLAINLY_BASE_URL.
        mail_context.update(
            {
                name: mail.link(value)
                if name.endswith("_url") and isinstance(value, str)
                else value
                for name, value in context_data.items()
            }
        )
        mail.send_later(self.render_mail(template_prefix, email, mail_context))
