"""Comments as readers see them, written out in Python: the discussion region shows dozens on a
page, and drawing each through a template took most of a question page's render.

``comment_html`` writes exactly what ``discussion/includes/comment.html`` writes for a reader who
did not write the comment, ``threads_html`` what the region's list of threads would, and
``readers_region_html`` what ``discussion/includes/region.html`` writes for readers who are not
signed in (``test_rendering`` compares them); the writer's own comment, with its edit and delete
controls and token, and a member's region still go through the templates."""

import functools
from collections.abc import Callable
from html import escape  # as Django's, without marking each piece safe
from urllib.parse import quote

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from plainly.questions.dates import month_names, spelled_day


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
        self.months = month_names()

    def shown(self, moment) -> str:
        local = moment.astimezone(self.zone)
        return f"{spelled_day(local, self.months)}, {local.hour:02}:{local.minute:02}"


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


def readers_region_html(page, discussion, *, is_open: bool, form_fields: str) -> str:
    """The discussion region as every reader who is not signed in gets it: no message, no
    token, the blank form's ``form_fields`` (drawn once by each process)."""
    comments = discussion.comments
    count = discussion.count
    parts = [
        '\n\n\n<section class="discussion" id="discussion" '
        'aria-labelledby="discussion-heading">\n'
        '  <h2 id="discussion-heading">Discussion <span class="discussion__count">'
        f"({count} comment{'' if count == 1 else 's'})</span></h2>\n\n  \n\n\n  "
    ]
    if comments:
        if discussion.order == "oldest":
            order = (
                '<span aria-current="true">Oldest first</span> · '
                '<a href="?order=newest#discussion" rel="nofollow">Newest first</a>'
            )
        else:
            order = (
                '<a href="?order=oldest#discussion" rel="nofollow">Oldest first</a> · '
                '<span aria-current="true">Newest first</span>'
            )
        parts += [
            '\n    <nav class="discussion__order" aria-label="Comment order">\n      \n        ',
            order,
            '\n      \n    </nav>\n    <ol class="comments">',
            threads_html(comments, can_reply=is_open, own=_no_own),
            "</ol>\n    ",
            _pagination(comments, discussion.order),
            "\n  ",
        ]
    else:
        parts.append(
            '\n    <p class="discussion__empty">No comments yet. Questions, corrections and '
            "figures we missed are welcome.</p>\n  "
        )
    parts.append("\n\n  ")
    if is_open:
        parts += ["\n    ", _readers_form(page.pk, page.url, form_fields), "\n  "]
    else:
        parts.append(
            '\n    <p class="discussion__closed">Comments are closed on this question.</p>\n  '
        )
    parts += [
        "\n</section>\n\n",
        f'<script src="{escape(static("discussion/discussion.js"))}" defer></script>\n',
    ]
    return "".join(parts)


def _no_own(comment, can_reply):
    raise AssertionError("a reader who is not signed in wrote no comment on the page")


def _pagination(comments, order: str) -> str:
    if not comments.has_other_pages():
        return ""
    link = f"?order={order}&amp;comments="
    previous = (
        f'<a rel="prev nofollow" href="{link}{comments.previous_page_number()}#discussion">'
        "← Previous comments</a>"
        if comments.has_previous()
        else ""
    )
    following = (
        f'<a rel="next nofollow" href="{link}{comments.next_page_number()}#discussion">'
        "More comments →</a>"
        if comments.has_next()
        else ""
    )
    return (
        '\n      <nav class="pagination" aria-label="Pages of comments">\n        '
        f"{previous}\n"
        f'        <span aria-current="page">Page {comments.number} of '
        f"{comments.paginator.num_pages}</span>\n"
        f"        {following}\n      </nav>\n    "
    )


@functools.lru_cache(maxsize=256)
def _readers_form(page_pk: int, page_url: str, form_fields: str) -> str:
    """The same for every reader of a page: drawn once by each process for its popular pages."""
    back = escape(quote(page_url, safe="/"))
    return (
        '<form class="comment-form" id="comment-form" method="post" '
        f'action="{reverse("discussion:post", args=[page_pk])}" data-needs-token novalidate>\n'
        '  <h3 class="comment-form__heading" id="comment-form-heading">Add a comment</h3>\n'
        '  <p class="comment-form__replying" hidden>Replying to <strong data-reply-name></strong>. '
        '<button type="button" class="link-button" data-cancel-reply>Cancel reply</button></p>\n'
        '  <input type="hidden" name="csrfmiddlewaretoken" value="">\n'
        f"  {form_fields}\n"
        '  \n    <p class="comment-form__note">Comments from readers without an account wait for '
        f'a moderator. <a href="{reverse("account_login")}?next={back}%23discussion">Sign in</a> '
        f'or <a href="{reverse("account_signup")}?next={back}%23discussion">Register</a> to post '
        f'as a member. <a href="{reverse("account_reset_password")}">Forgot password?</a></p>\n'
        "  \n"
        '  <button type="submit">Post comment</button>\n'
        "</form>\n"
    )
