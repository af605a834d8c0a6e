"""Admin widgets that work under the admin's Content-Security-Policy."""

import json

from django.utils.html import format_html
from wagtail.admin.widgets import AdminPageChooser
from wagtail.images.widgets import AdminImageChooser


class StartedFromData:
    """A Wagtail chooser started by plainly/admin-start.js from data attributes: Wagtail's own
    follows the widget with an inline script, which the policy refuses, leaving the button dead."""

    def render(self, name, value, attrs=None, renderer=None):
        id_ = (attrs or {}).get("id")
        if not id_:
            raise TypeError(f"{type(self).__name__} cannot be rendered without an 'id' attribute")
        value_data = self.get_value_data(value)
        return format_html(
            '{}<span hidden data-plainly-start="{}" data-id="{}" data-options="{}"></span>',
            self.render_html(name, value_data, attrs),
            self.js_constructor,
            id_,
            json.dumps(self.get_js_init_options(id_, name, value_data)),
        )


class ImageChooser(StartedFromData, AdminImageChooser):
    pass


class PageChooser(StartedFromData, AdminPageChooser):
    pass
