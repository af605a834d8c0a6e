"""Pages of the admin for looking after staff accounts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from plainly.accounts.models import User
from plainly.accounts.staff import may_reset_two_factor
from plainly.accounts.two_factor import has_two_factor, reset_two_factor


def reset_two_factor_view(request: HttpRequest, user_id: int) -> HttpResponse:
    """An administrator takes away a member of staff's lost authenticator, after confirming."""
    if not may_reset_two_factor(request.user):
        raise PermissionDenied
    staff = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        reset_two_factor(staff, by=request.user)
        messages.success(
            request,
            f"Two-step sign-in reset for {staff.get_full_name() or staff.get_username()}: they "
            "set up a new authenticator when they next sign in.",
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/admin/reset_two_factor.html",
        {"staff": staff, "has_two_factor": has_two_factor(staff)},
    )
