"""The question page's discussion region, drawn by the discussion app, which owns it."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from plainly.discussion.reading import page_context
from plainly.discussion.rendering import threads_html
from plainly.pagecache import live_region

register = template.Library()


@register.simple_tag(takes_context=True)
def discussion_region(context) -> SafeString:
    """The readers' comments on the page in ``context``, and the form to post."""
    parts = page_context(context["page"], context["request"])
    if "discussion_html" in parts:  # the same for every reader who is not signed in
        # Written out with every part escaped (rendering.readers_region_html).
        html = mark_safe(parts["discussion_html"])  # noqa: S308
        return live_region(context["request"], "discussion", html)
    return render_to_string("discussion/includes/region.html", {**context.flatten(), **parts})


@register.simple_tag(takes_context=True)
def discussion_threads(context) -> SafeString:
    """The region's threads of comments: written out in Python for readers, each comment's
    writer getting theirs through its template (its controls carry their token)."""
    template = context.template.engine.get_template("discussion/includes/comment.html")

    def own(comment, can_reply) -> str:
        with context.push(comment=comment, can_reply=can_reply):
            return template.render(context)

    discussion = context["discussion"]
    html = threads_html(discussion.comments, can_reply=context["discussion_open"], own=own)
    return mark_safe(html)  # noqa: S308 - its parts are escaped, each body sanitised when saved
