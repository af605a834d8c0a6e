"""What a question page shows of its discussion, in a fixed number of queries."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string

from plainly.discussion.forms import CommentForm
from plainly.discussion.models import Comment, Mode
from plainly.discussion.rules import effective_mode, rules_for
from plainly.discussion.spam import writing_ticket
from plainly.pagecache import Fragment, is_shareable, keep_private

COMMENTS_PER_PAGE = 25  # threads per page; replies come with their thread
ORDERS = {"oldest": ("created_at", "pk"), "newest": ("-created_at", "-pk")}


@dataclass(frozen=True)
class Discussion:
    comments: Page  # top-level comments, each with its replies prefetched
    count: int  # every comment a reader can read on the question, replies included
    order: str


def discussion_for(page, *, order: str | None, page_number: str | None) -> Discussion:
    order = order if order in ORDERS else "oldest"
    replies = Comment.objects.visible().with_authors().order_by("created_at", "pk")
    # Deleted comments stay listed (as "comment deleted") so that their replies keep a place.
    threads = (
        Comment.objects.visible()
        .for_page(page)
        .threads_worth_showing()
        .with_authors()
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by(*ORDERS[order])
    )
    totals = Comment.objects.for_page(page).totals()
    paginator = Paginator(threads, COMMENTS_PER_PAGE)
    paginator.count = totals["threads"]  # counted above, with the total, in the same query
    return Discussion(comments=paginator.get_page(page_number), count=totals["count"], order=order)


def page_number_of(comment: Comment, *, order: str = "oldest") -> int:
    """Which page of the discussion shows ``comment`` (a reply shows under its parent)."""
    thread = comment.parent or comment
    threads = Comment.objects.visible().filter(page_id=thread.page_id, parent__isnull=True)
    if order == "oldest":
        earlier = Q(created_at__lt=thread.created_at)
    else:
        earlier = Q(created_at__gt=thread.created_at)
    return threads.filter(earlier).count() // COMMENTS_PER_PAGE + 1


def mark_own_comments(discussion: Discussion, user) -> None:
    """Note on each comment shown whether the viewer wrote it, and may still edit it."""
    for thread in discussion.comments:
        for comment in [thread, *thread.replies.all()]:
            comment.is_owned_by_viewer = comment.is_owned_by(user)
            comment.editable_by_viewer = comment.can_edit(user)


def page_context(page, request) -> dict:
    """Everything the discussion region of a question page shows, for its template.

    Anonymous readers all see the same region, so it is kept rendered (``discussion_html``) until
    the page is purged; members see their own, with their edit links and tokens.
    """
    member = request.user.is_authenticated
    mode = effective_mode(page, rules_for(request))
    # Readers' parts are shared whatever the query asks (a junk order shows the usual one).
    shareable = is_shareable(request)
    asked_order = request.GET.get("order")
    order = asked_order if asked_order in ORDERS else "oldest"
    if asked_order is not None and asked_order != order:
        keep_private(request)  # shown in the usual order, but no cache keeps junk orders
    page_number = request.GET.get("comments")
    fragment = None
    if shareable and (page_number is None or _plausible_number(page_number)):
        path = page.get_url_parts(request)[2]
        fragment = Fragment(path, f"discussion:{order}:{page_number or 1}:{mode}")
        html = fragment.get()
        if html is not None:
            return {"discussion_html": html}
    discussion = discussion_for(page, order=order, page_number=page_number)
    if member:
        mark_own_comments(discussion, request.user)
    context = {
        "discussion": discussion,
        "discussion_mode": mode,
        "discussion_open": mode != Mode.CLOSED,
        # Members' pages are never served from a cache, so their form carries its CSRF token and
        # writing ticket. A reader's form may be a cached copy shared by everyone: it fetches
        # both when the reader starts writing (discussion.js), or gets the form again, with them,
        # if it is sent without.
        "comment_form": CommentForm(
            anonymous=not member, initial={"started": writing_ticket() if member else ""}
        ),
        "comment_form_has_token": member,
    }
    shown_number = str(discussion.comments.number)
    if page_number is not None and page_number != shown_number:
        keep_private(request)  # ?comments=9999 shows the last page, which no cache keeps
    if fragment is None:
        return context
    html = render_to_string("discussion/includes/region.html", {"page": page, **context}, request)
    # Only a page of comments that exists is kept.
    if shown_number == (page_number or "1"):
        fragment.keep(html)
    return {"discussion_html": html}


def _plausible_number(value: str) -> bool:
    return value.isdigit() and len(value) <= 6


def thread_url(page, comment: Comment) -> str:
    """Where a comment shows on its question's page: its page of the discussion, at the comment."""
    if comment.state != Comment.State.APPROVED:
        return f"{page.url}#discussion"
    number = page_number_of(comment)
    query = f"?comments={number}" if number > 1 else ""
    return f"{page.url}{query}#comment-{comment.pk}"
