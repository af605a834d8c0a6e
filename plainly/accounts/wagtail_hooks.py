"""Staff accounts in Wagtail's admin: resetting a lost authenticator."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from plainly.accounts import admin_views
from plainly.accounts.staff import may_reset_two_factor
from plainly.accounts.two_factor import RESET_ACTION, has_two_factor


@hooks.register("register_admin_urls")
def reset_two_factor_url():
    return [
        path(
            "users/<int:user_id>/reset-two-factor/",
            admin_views.reset_two_factor_view,
            name="plainly_reset_two_factor",
        )
    ]


@hooks.register("register_user_listing_buttons")
def reset_two_factor_button(user, request_user):
    if may_reset_two_factor(request_user) and has_two_factor(user):
        url = reverse("plainly_reset_two_factor", args=[user.pk])
        yield Button("Reset two-step sign-in", url, icon_name="key", priority=60)


@hooks.register("register_log_actions")
def two_factor_log_actions(actions):
    actions.register_action(
        RESET_ACTION, "Reset two-step sign-in", "Reset two-step sign-in: lost authenticator removed"
    )
