from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from plainly.accounts.staff import is_staff
from plainly.accounts.two_factor import AFTER_SETUP, has_two_factor


class StaffTwoFactorMiddleware:
    """Until staff have set up two-step sign-in, their account pages are all they can open.

    Not only the admin: pages and documents restricted to staff groups are served outside it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(reverse("account"))
            and is_staff(user)
            and not has_two_factor(user)
        ):
            if not opens_a_page(request):
                # A stylesheet, an image or a script's fetch is refused, not sent to the setup
                # page: each visit there makes a new secret, and the one on the screen would
                # no longer be the one its code is checked against.
                raise PermissionDenied
            if request.method == "GET":  # where to go on once it is set up
                request.session[AFTER_SETUP] = request.get_full_path()
            messages.warning(
                request,
                "Staff accounts need two-step sign-in. Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def opens_a_page(request) -> bool:
    """The browser navigates to it (those that do not say so are taken to)."""
    return request.headers.get("Sec-Fetch-Dest", "document") in ("document", "iframe")
