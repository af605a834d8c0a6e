"""Wagtail's choosers (of pages, images, documents, snippets...) started without inline scripts.

Wagtail follows each chooser widget with an inline ``<script>`` that starts it, which the admin's
Content-Security-Policy refuses, leaving the button dead, in Plainly's forms and in Wagtail's own
(adding a redirect, the site's settings). Every chooser instead leaves the same call in data
attributes, which plainly/admin-start.js makes, as it does for date pickers and inline panels.
"""

import json

from django.utils.html import format_html
from wagtail.admin.widgets import BaseChooser


def render_started_from_data(self, name, value, attrs=None, renderer=None):
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


def start_choosers_from_data() -> None:
    BaseChooser.render = render_started_from_data
