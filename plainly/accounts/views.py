from allauth.account import views as allauth_views
from allauth.account.decorators import reauthentication_required
from allauth.core.ratelimit import respond_429
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_code_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from plainly.accounts.forms import DeleteAccountForm, DisplayNameForm
from plainly.accounts.membership import delete_member
from plainly.accounts.models import User
from plainly.accounts.signals import member_renamed
from plainly.accounts.staff import is_staff
from plainly.accounts.two_factor import AFTER_SETUP, has_two_factor


def is_throttled(form) -> bool:
    """allauth refused the form because too many attempts failed (it says so in a form error)."""
    return any(
        error.code == "too_many_login_attempts"
        for errors in form.errors.as_data().values()
        for error in errors
    )


class LoginView(allauth_views.LoginView):
    """allauth's sign-in, answering a throttled attempt with the 429 page like every other limit."""

    def form_invalid(self, form):
        return respond_429(self.request) if is_throttled(form) else super().form_invalid(form)


class TwoFactorView(mfa_views.AuthenticateView):
    """allauth's second sign-in step, throttled the same way."""

    def form_invalid(self, form):
        return respond_429(self.request) if is_throttled(form) else super().form_invalid(form)


class RecoveryCodesView(recovery_code_views.ViewRecoveryCodesView):
    """Where setting up an authenticator ends: staff, once they have kept the codes, go on to
    the page they were sent away from (the admin, usually)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if is_staff(self.request.user):
            context["continue_to"] = self.request.session.get(AFTER_SETUP, "/admin/")
        return context


class SignupView(allauth_views.SignupView):
    """allauth's registration, all or nothing: the member, their address and the queued
    confirmation mail are stored together, so a crash or an outage leaves no member half made."""

    def form_valid(self, form):
        # Hashing takes a good part of a second on purpose. It is done before the transaction
        # opens: on SQLite a transaction holds the site's one write lock, and every comment
        # and registration sent meanwhile would queue behind the hash.
        form.hash_password()
        with transaction.atomic():
            return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    form = DisplayNameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.has_changed():
            member_renamed.send(sender=User, user=request.user)
        messages.success(request, "Your display name has been changed.")
        return redirect("account")
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "two_factor_enabled": has_two_factor(request.user),
            "two_factor_required": is_staff(request.user),
        },
    )


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_member(request.user, keep_comments=form.keep_comments)
        logout(request)
        messages.success(request, "Your account has been deleted. Thank you for taking part.")
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})
