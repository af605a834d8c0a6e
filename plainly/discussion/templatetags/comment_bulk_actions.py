"""The comment listing's bulk action buttons, only those the moderator may use."""

from django import template
from django.urls import reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.widgets import ListingButton

register = template.Library()


def may_use(user, action, app_label: str, model_name: str) -> bool:
    # Our decisions name their permissions; Wagtail's own actions (Delete) need the model
    # permission of the same name.
    own = f"{app_label}.{action.action_type}_{model_name}"
    permissions = getattr(action, "permissions", (own,))
    return user.has_perms(permissions)


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def permitted_bulk_actions(context, app_label: str, model_name: str):
    """Wagtail's own tag offers every registered action to everyone, Delete included."""
    user = context["request"].user
    actions = sorted(
        (
            action
            for action in bulk_action_registry.get_bulk_actions_for_model(app_label, model_name)
            if may_use(user, action, app_label, model_name)
        ),
        key=lambda action: action.action_priority,
    )
    return {
        "buttons": [
            ListingButton(
                action.display_name,
                reverse("wagtail_bulk_action", args=[app_label, model_name, action.action_type]),
                attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
                priority=action.action_priority,
                classname=" ".join(action.classes | {"bulk-action-btn"}),
            )
            for action in actions
        ]
    }
