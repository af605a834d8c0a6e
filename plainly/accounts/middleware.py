from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from plainly.accounts.staff import has_two_factor, is_staff


class StaffTwoFactorMiddleware:
    """Keep staff out of the admin until they have set up two-factor authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith(reverse("wagtailadmin_home"))
            and user.is_authenticated
            and is_staff(user)
            and not has_two_factor(user)
        ):
            messages.warning(
                request,
                "Staff accounts need two-factor authentication. Set it up to open the admin.",
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.path})}")
        return self.get_response(request)
