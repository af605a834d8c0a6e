"""What a question page shows of its discussion, in a fixed number of queries."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q

from plainly.discussion.forms import CommentForm
from plainly.discussion.models import Comment, DiscussionSettings, Mode
from plainly.discussion.posting import effective_mode
from plainly.discussion.spam import writing_ticket

COMMENTS_PER_PAGE = 25  # threads per page; replies come with their thread
ORDERS = {"oldest": ("created_at", "pk"), "newest": ("-created_at", "-pk")}


@dataclass(frozen=True)
class Discussion:
    comments: Page  # top-level comments, each with its replies prefetched
    count: int  # every comment a reader can read on the question, replies included
    order: str


def discussion_for(page, *, order: str | None, page_number: str | None) -> Discussion:
    order = order if order in ORDERS else "oldest"
    replies = Comment.objects.visible().select_related("author").order_by("created_at", "pk")
    # Deleted comments stay listed (as "comment deleted") so that their replies keep a place.
    threads = (
        Comment.objects.visible()
        .for_page(page)
        .threads_worth_showing()
        .select_related("author")
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
    """Everything the discussion region of a question page shows, for its template."""
    member = request.user.is_authenticated
    mode = effective_mode(page, DiscussionSettings.for_request(request))
    discussion = discussion_for(
        page, order=request.GET.get("order"), page_number=request.GET.get("comments")
    )
    if member:
        mark_own_comments(discussion, request.user)
    return {
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
