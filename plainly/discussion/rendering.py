"""Comments as readers see them, written out in Python: the discussion region shows dozens on a
page, and drawing each through a template took most of a question page's render.

``comment_html`` writes exactly what ``discussion/includes/comment.html`` writes for a reader who
did not write the comment, and ``threads_html`` what the region's list of threads would
(``test_rendering`` compares them); the writer's own comment, with its edit and delete controls
and token, still goes through the template."""

from collections.abc import Callable
from html import escape  # as Django's, without marking each piece safe

from django.utils import timezone
from django.utils.dates import MONTHS


def comment_html(comment, *, can_reply: bool, clock: "Clock | None" = None) -> str | None:
    """``comment``'s HTML for readers other than its writer; None for the writer's own."""
    if getattr(comment, "is_owned_by_viewer", False):
        return None
    pk = comment.pk
    if comment.is_deleted:
        inner = (
            f'\n    <p class="comment__deleted" id="comment-{pk}-author">Comment deleted</p>\n  '
        )
        return (
            f'<article class="comment comment--deleted" id="comment-{pk}" '
            f'aria-labelledby="comment-{pk}-author">\n  {inner}\n</article>\n'
        )
    name = escape(comment.display_name)
    since = comment.created_at.isoformat()
    shown = (clock or Clock()).shown(comment.created_at)
    staff = (
        ' <span class="comment__staff">Staff</span>'
        if getattr(comment, "author_is_staff", False)
        else ""
    )
    edited = ' <span class="comment__edited">(edited)</span>' if comment.edited_at else ""
    reply = (
        f'<a class="comment__reply" href="{escape(comment.reply_url)}" data-reply-to="{pk}" '
        f'data-reply-name="{name}">Reply</a>'
        if can_reply
        else ""
    )
    return (
        f'<article class="comment" id="comment-{pk}" aria-labelledby="comment-{pk}-author">\n'
        f'  \n    <header class="comment__header">\n'
        f'      <strong class="comment__author" id="comment-{pk}-author">{name}</strong>{staff}\n'
        f'      <a class="comment__permalink" href="#comment-{pk}"><span class="comment__ago" '
        f'data-since="{since}"></span><time datetime="{since}">{escape(shown)} UTC</time></a>'
        f"{edited}\n"
        f"    </header>\n"
        f'    <div class="comment__body">{comment.body_html}</div>\n'
        f'    <footer class="comment__actions">\n'
        f"      {reply}\n"
        f"      \n"
        f'        <form method="post" action="{escape(comment.flag_url)}" class="inline-form" '
        f"data-needs-token>\n"
        f'          <input type="hidden" name="csrfmiddlewaretoken" value="">\n'
        f'          <button type="submit" class="link-button comment__flag">Flag</button>\n'
        f"        </form>\n"
        f"      \n"
        f"    </footer>\n"
        f"  \n"
        f"</article>\n"
    )


class Clock:
    """Writes moments as the template's ``date:"j F Y, H:i"`` does, in the zone and language of
    the request, looked up once for a page of comments rather than once for each."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.months = {number: str(name) for number, name in MONTHS.items()}

    def shown(self, moment) -> str:
        local = moment.astimezone(self.zone)
        month = self.months[local.month]
        return f"{local.day} {month} {local.year}, {local.hour:02}:{local.minute:02}"


def threads_html(threads, *, can_reply: bool, own: Callable) -> str:
    """The items of the region's list of threads, each with its replies. ``own(comment,
    can_reply)`` draws a comment that ``comment_html`` leaves to the template."""
    parts = ["\n      "]
    clock = Clock()
    for thread in threads:
        html = comment_html(thread, can_reply=can_reply, clock=clock)
        parts += ["\n        <li>\n          ", html or own(thread, can_reply), "\n          "]
        if thread.replies:
            name = escape(thread.display_name)
            parts.append(
                f'\n            <ol class="comments comments--replies" aria-label="Replies to '
                f'{name}">\n              '
            )
            for reply in thread.replies:
                html = comment_html(reply, can_reply=False, clock=clock)
                html = html or own(reply, False)
                parts += ["\n                <li>", html, "</li>\n              "]
            parts.append("\n            </ol>\n          ")
        parts.append("\n        </li>\n      ")
    parts.append("\n    ")
    return "".join(parts)
