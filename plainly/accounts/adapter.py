from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from wagtail.models import Site

from plainly import mail

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
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"]
        if commit:
            user.save()
        return user

    def format_email_subject(self, subject: str) -> str:
        site = Site.find_for_request(context.request)
        name = site.site_name if site and site.site_name else "Plainly"
        return f"{name}: {subject}"

    def send_mail(self, template_prefix: str, email: str, context_data: dict) -> None:
        # Rendered now, while the request is at hand for links; delivered by the worker.
        request = context.request
        mail_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
        }
        mail_context.update(context_data)
        mail.send_later(self.render_mail(template_prefix, email, mail_context))
