"""What a question page shows of its discussion, in a fixed number of queries."""

import datetime
import functools
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.template.loader import render_to_string

from plainly.abuse import writing_ticket
from plainly.accounts.models import is_staff_condition
from plainly.backends.prepared import Prepared
from plainly.discussion.forms import CommentForm
from plainly.discussion.models import FORMER_MEMBER, Comment, Mode, Shown, counts
from plainly.discussion.rendering import readers_region_html
from plainly.discussion.rules import effective_mode, rules_for
from plainly.pagecache import Fragment, is_every_readers, is_shareable, keep_private

COMMENTS_PER_PAGE = 25  # threads per page; replies come with their thread
ORDERS = {"oldest": ("created_at", "pk"), "newest": ("-created_at", "-pk")}


@dataclass(frozen=True)
class Discussion:
    comments: Page  # top-level comments (ShownComment), each with its ``replies``
    count: int  # every comment a reader can read on the question, replies included
    order: str


@dataclass(slots=True)
class ShownComment(Shown):
    """A comment on the page being read, as a plain row: a page lists dozens, and building each
    as a model (with its author as another) took longer than drawing it."""

    pk: int
    parent_id: int | None
    author_id: int | None
    display_name: str
    author_is_staff: bool
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    deleted_at: datetime.datetime | None
    body_html: str
    replies: list["ShownComment"] = field(default_factory=list)
    # Set for members by ``mark_own_comments``: their own comments carry their controls.
    is_owned_by_viewer: bool = False
    editable_by_viewer: bool = False


# What a row holds, in ShownComment's order; the name is worked out from the author's fields.
_FIELDS = (
    "pk",
    "parent_id",
    "author_id",
    "author_name",
    "author__display_name",
    "author__username",
    "author_is_staff",
    "created_at",
    "edited_at",
    "deleted_at",
    "body_html",
)


def _shown(rows) -> list[ShownComment]:
    shown = []
    for pk, parent, author, name, public, username, staff, created, edited, deleted, html in rows:
        if author is not None:
            name = public or username  # User.public_name
        shown.append(
            ShownComment(
                pk, parent, author, name or FORMER_MEMBER, staff, created, edited, deleted, html
            )
        )
    return shown


def _rows(comments):
    staff = is_staff_condition("author")
    return comments.annotate(author_is_staff=staff).values_list(*_FIELDS)


# A page's queries are built once (backends.prepared): with their subqueries, building them took
# Django longer than running them took the database. Stand-ins are ids no row has.
_PAGE = -7_000_001
_THREAD_IDS = tuple(range(-7_000_100, -7_000_100 + COMMENTS_PER_PAGE))


def _totals(page):
    visible = Comment.objects.visible().filter(page_id=page).order_by()
    # Grouped by the page, so that the counts are a row like any other (none without comments).
    return visible.values("page_id").annotate(**counts()).values_list("count", "threads")


_TOTALS = Prepared(_totals, page=_PAGE)


@functools.lru_cache(maxsize=64)
def _threads_from(order: str, offset: int) -> Prepared:
    def build(page):
        threads = Comment.objects.visible().filter(page_id=page).threads_worth_showing()
        return _rows(threads.order_by(*ORDERS[order]))[offset : offset + COMMENTS_PER_PAGE]

    return Prepared(build, page=_PAGE)


def _replies(**threads):
    to_these = Comment.objects.visible().filter(parent_id__in=threads.values())
    return _rows(to_these.order_by("created_at", "pk"))


_REPLIES = Prepared(_replies, **{f"thread{i}": pk for i, pk in enumerate(_THREAD_IDS)})


class _Threads:
    """A discussion's threads in order, read a page at a time for the paginator."""

    ordered = True

    def __init__(self, page_id: int, order: str):
        self.page_id, self.order = page_id, order

    def __getitem__(self, window: slice) -> list[ShownComment]:
        if window.stop <= window.start:
            return []  # a discussion without comments
        query = _threads_from(self.order, window.start)
        return _shown(query.rows(page=self.page_id))


def discussion_for(page, *, order: str | None, page_number: str | None) -> Discussion:
    order = order if order in ORDERS else "oldest"
    # Deleted comments stay listed (as "comment deleted") so that their replies keep a place.
    count, threads = next(iter(_TOTALS.rows(page=page.pk)), (0, 0))
    paginator = Paginator(_Threads(page.pk, order), COMMENTS_PER_PAGE)
    paginator.count = threads  # counted above, with the total, in the same query
    shown = paginator.get_page(page_number)
    by_pk = {thread.pk: thread for thread in shown.object_list}
    if by_pk:
        # Each page of threads asks for its replies with as many ids: unused ones match nothing.
        ids = [*by_pk, *_THREAD_IDS[len(by_pk) :]]
        for reply in _shown(_REPLIES.rows(**{f"thread{i}": pk for i, pk in enumerate(ids)})):
            by_pk[reply.parent_id].replies.append(reply)
    return Discussion(comments=shown, count=count, order=order)


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
        for comment in [thread, *thread.replies]:
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
        # In this process only: a reader's page, the region with it, is in the shared cache.
        fragment = Fragment(path, f"discussion:{order}:{page_number or 1}:{mode}", shared=False)
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
        "comment_form": CommentForm(anonymous=False, initial={"started": writing_ticket()})
        if member
        else None,
        "comment_form_has_token": member,
        "blank_fields": None if member else blank_reader_fields(),
    }
    shown_number = str(discussion.comments.number)
    if page_number is not None and page_number != shown_number:
        keep_private(request)  # ?comments=9999 shows the last page, which no cache keeps
    if fragment is None and not is_every_readers(request):
        return context
    # Written out in Python (rendering.py), for any reader who is not signed in: after a
    # comment, this region is most of the render.
    html = readers_region_html(
        page, discussion, is_open=context["discussion_open"], form_fields=blank_reader_fields()
    )
    # Only a page of comments that exists is kept.
    if fragment is not None and shown_number == (page_number or "1"):
        fragment.keep(html)
    return {"discussion_html": html}


def region_html(page, request) -> str | None:
    """The discussion region alone, for a page kept as a shell (``pagecache.shells``): None
    when this request's region is not the one every reader gets."""
    return page_context(page, request).get("discussion_html")


@functools.cache
def blank_reader_fields() -> str:
    """The fields of the empty comment form for readers who are not signed in: the same on every
    page and for every reader (their token and ticket are fetched as they start writing), so
    drawn once by each process."""
    form = CommentForm(anonymous=True, initial={"started": ""})
    return render_to_string("discussion/includes/form_fields.html", {"form": form})


def _plausible_number(value: str) -> bool:
    return value.isdigit() and len(value) <= 6


def thread_url(page, comment: Comment) -> str:
    """Where a comment shows on its question's page: its page of the discussion, at the comment."""
    if comment.state != Comment.State.APPROVED:
        return f"{page.url}#discussion"
    number = page_number_of(comment)
    query = f"?comments={number}" if number > 1 else ""
    return f"{page.url}{query}#comment-{comment.pk}"
