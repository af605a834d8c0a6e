from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from plainly.accounts.forms import DeleteAccountForm, DisplayNameForm
from plainly.accounts.membership import delete_member
from plainly.accounts.staff import has_two_factor, is_staff


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    form = DisplayNameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
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
