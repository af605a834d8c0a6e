"""The question page's discussion region, drawn by the discussion app, which owns it."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from plainly.discussion.reading import page_context

register = template.Library()


@register.simple_tag(takes_context=True)
def discussion_region(context) -> SafeString:
    """The readers' comments on the page in ``context``, and the form to post."""
    parts = page_context(context["page"], context["request"])
    if "discussion_html" in parts:  # the same for every reader, kept rendered
        return parts["discussion_html"]
    return render_to_string("discussion/includes/region.html", {**context.flatten(), **parts})
