"""Wagtail's admin widgets made to behave: choosers started without inline scripts, and rich
text that does not decode refused as a form error.

Wagtail's choosers (of pages, images, documents, snippets...) are started without inline scripts.

Wagtail follows each chooser widget with an inline ``<script>`` that starts it, which the admin's
Content-Security-Policy refuses, leaving the button dead, in Plainly's forms and in Wagtail's own
(adding a redirect, the site's settings). Every chooser instead leaves the same call in data
attributes, which plainly/admin-start.js makes, as it does for date pickers and inline panels.
"""

import json

from django.utils.html import format_html
from wagtail.admin.rich_text import DraftailRichTextArea
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


_read_contentstate = DraftailRichTextArea.value_from_datadict


def read_contentstate_or_nothing(self, data, files, name):
    """Draftail's posted text, or None when it is not the JSON Draftail sends (a hand-made
    request): the field then says it is required, where Wagtail's widget failed with a 500."""
    try:
        return _read_contentstate(self, data, files, name)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def refuse_undecodable_rich_text() -> None:
    DraftailRichTextArea.value_from_datadict = read_contentstate_or_nothing
