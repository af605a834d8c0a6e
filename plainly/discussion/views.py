from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plainly.abuse import client_ip_hash, writing_ticket
from plainly.discussion import moderation, notifications, posting
from plainly.discussion.forms import CommentForm, EditCommentForm
from plainly.discussion.models import EDIT_WINDOW, Comment
from plainly.discussion.reading import thread_url
from plainly.discussion.rules import rules_for
from plainly.discussion.spam import RateLimited, Refused
from plainly.questions.models import QuestionPage

NOTICE = "discussion"  # messages shown in the discussion region, not at the top of the page


def reader_key(request: HttpRequest) -> str:
    """Who is flagging: a verified member by account, anyone else by (hashed) address."""
    user = request.user
    if user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists():
        return f"member:{user.pk}"
    return f"ip:{client_ip_hash(request)}"


def comment_or_404(request: HttpRequest, comment_id: int, comments=Comment.objects) -> Comment:
    """The comment, if this request may see the page it is on; otherwise 404, as if it did not
    exist, so that no view of a comment shows what an unpublished or private page holds."""
    comment = get_object_or_404(comments.select_related("page"), pk=comment_id)
    if not comment.page.is_visible_to(request):
        raise Http404
    return comment


def csrf_passes(request: HttpRequest) -> bool:
    # The comment form may come from a cached page that holds no token; a missing or stale
    # token then leads to the form again, with the reader's words, rather than to an error.
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


def is_utf8(request: HttpRequest) -> bool:
    """Whether the form came as UTF-8; anything else would reach the database mangled."""
    try:
        request.body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def confirm_page(request, page, form, *, message: str = "", status: int = 200) -> HttpResponse:
    form.data = form.data.copy()
    form.data["started"] = writing_ticket()
    return render(
        request,
        "discussion/confirm.html",
        {"page": page, "form": form, "message": message},
        status=status,
    )


@require_GET
@never_cache
def form_token(request: HttpRequest) -> JsonResponse:
    """Fresh per-reader values for a comment form on a page that may have come from a cache."""
    return JsonResponse({"csrf": get_token(request), "started": writing_ticket()})


@csrf_exempt  # checked in the view, so that a failed check keeps the reader's words
@require_POST
def post_comment(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(QuestionPage.objects.live(), pk=page_id)
    if not page.is_visible_to(request):
        raise Http404
    if not is_utf8(request):
        return render(request, "400.html", status=400)
    form = CommentForm(request.POST, anonymous=not request.user.is_authenticated)
    if not form.is_valid():
        return confirm_page(request, page, form, status=400)
    if not csrf_passes(request):
        return confirm_page(request, page, form, message="Check your comment, then send it.")
    try:
        comment = posting.post(
            page,
            form.draft,
            ticket=form.cleaned_data["started"],
            is_robot=form.is_robot,
            user=request.user,
            ip_hash=lambda: client_ip_hash(request),
            rules=lambda: rules_for(request),
        )
    except posting.Duplicate as duplicate:
        messages.info(request, str(duplicate), extra_tags=NOTICE)
        return redirect(f"{page.url}#discussion")
    except RateLimited:
        return render(request, "429.html", status=429)
    except Refused as refusal:
        return confirm_page(request, page, form, message=str(refusal), status=400)

    if comment is None:  # A robot's: it is told what people are told.
        messages.info(request, "Thanks! Your comment is awaiting moderation.", extra_tags=NOTICE)
        return redirect(f"{page.url}#discussion")
    if comment.state == Comment.State.APPROVED:
        messages.success(request, "Your comment is published.", extra_tags=NOTICE)
    else:
        messages.info(
            request,
            "Thanks! Your comment is awaiting moderation and will appear once a moderator "
            "has approved it.",
            extra_tags=NOTICE,
        )
    return redirect(thread_url(page, comment))


@require_GET
def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A page with the form to reply to one comment, for readers without JavaScript."""
    parent = comment_or_404(request, comment_id, Comment.objects.visible().top_level())
    form = CommentForm(initial={"parent": parent.pk}, anonymous=not request.user.is_authenticated)
    return confirm_page(request, parent.page, form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = comment_or_404(request, comment_id)
    if not comment.can_edit(request.user):
        messages.error(request, "This comment can no longer be edited.", extra_tags=NOTICE)
        return redirect(f"{comment.page.url}#discussion")
    form = EditCommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            posting.edit(
                comment,
                body=form.cleaned_data["body"],
                user=request.user,
                rules=rules_for(request),
            )
        except Refused as refusal:
            form.add_error("body", str(refusal))
        else:
            messages.success(request, "Your comment is changed.", extra_tags=NOTICE)
            return redirect(thread_url(comment.page, comment))
    minutes = int(EDIT_WINDOW.total_seconds() // 60)
    context = {"comment": comment, "form": form, "edit_minutes": minutes}
    return render(request, "discussion/edit.html", context)


@login_required
@require_POST
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = comment_or_404(request, comment_id)
    try:
        posting.delete(comment, user=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal), extra_tags=NOTICE)
    else:
        messages.success(request, "Your comment is deleted.", extra_tags=NOTICE)
    return redirect(f"{comment.page.url}#discussion")


@csrf_exempt  # checked in the view: a flag from a cached page is confirmed on a fresh one
@require_http_methods(["GET", "POST"])
def flag_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = comment_or_404(request, comment_id, Comment.objects.visible())
    if request.method == "GET" or not csrf_passes(request):
        return render(request, "discussion/flag.html", {"comment": comment})
    try:
        flagged = moderation.flag(
            comment, ip_hash=client_ip_hash(request), reader=reader_key(request)
        )
    except RateLimited:
        return render(request, "429.html", status=429)
    if flagged:
        message = "Thanks for telling us. A moderator will look at it."
    else:
        message = "You have flagged this comment already."
    messages.info(request, message, extra_tags=NOTICE)
    return redirect(f"{comment.page.url}#discussion")


@csrf_exempt  # the signed token in the address is the authority; mail programs post here too
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    email = notifications.email_for_token(token)
    if email is None:
        return render(request, "discussion/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        notifications.unsubscribe(email)
        return render(request, "discussion/unsubscribe.html", {"done": True})
    return render(request, "discussion/unsubscribe.html", {"token": token})
