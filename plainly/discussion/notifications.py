"""What follows a change in the discussion: mail about replies, and fresh pages in caches."""

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Page

from plainly import pagecache
from plainly.backends import mail
from plainly.discussion.models import Comment, ReplyOptOut

UNSUBSCRIBE_SALT = "plainly.discussion.unsubscribe"
# What a change to comments changes of their pages: the article's stored render stays.
DISCUSSION = ("discussion",)


def comment_appeared(comment: Comment) -> None:
    """A comment became visible (or went). Once that is saved for good, its page leaves the
    caches and the replied-to hears of it; a failure of either is logged, never the reader's."""
    if comment.is_visible and not comment.is_deleted:
        # Something was added: readers may have the old page while the new one renders.
        pagecache.refresh_after_commit(pagecache.own_path(comment.page), only=DISCUSSION)
    else:
        refresh_page(comment)
    transaction.on_commit(lambda: notify_reply(comment), robust=True)


def refresh_page(comment: Comment) -> None:
    """What the page shows of the comment changed, perhaps taking words back (an edit, a
    removal): no copy of the page from before is served once that is saved."""
    pagecache.purge_after_commit(pagecache.own_path(comment.page), only=DISCUSSION)


def refresh_pages(page_ids: list[int]) -> None:
    """As ``refresh_page``, for every question in ``page_ids``."""
    shown = {}
    for page in Page.objects.filter(pk__in=page_ids):
        shown.update(pagecache.own_path(page))
    pagecache.purge_after_commit(shown, only=DISCUSSION)


def unsubscribe_token(comment: Comment) -> str:
    """An opaque token for the comment whose author the mail is for; it carries no address."""
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)


def email_for_token(token: str) -> str | None:
    """The address a token from one of our mails unsubscribes, or None if it is not ours."""
    try:
        comment_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    comment = Comment.objects.filter(pk=comment_id).select_related("author").first()
    address = comment.notification_address if comment else ""
    return address or None


def unsubscribe(email: str) -> None:
    ReplyOptOut.objects.get_or_create(email=email.lower())


def notify_reply(reply: Comment) -> bool:
    """Tell the author of the comment ``reply`` answers, unless they asked not to hear."""
    parent = reply.parent
    if parent is None or reply.state != Comment.State.APPROVED or reply.hidden_by_flags:
        return False
    if reply.is_deleted:
        return False
    address = parent.notification_address
    if not address or parent.is_deleted:
        return False
    if (parent.author_id and parent.author_id == reply.author_id) or (
        not parent.author_id and address.lower() == (reply.author_email or "").lower()
    ):
        return False  # Nobody needs telling that they replied to themselves.
    if ReplyOptOut.objects.filter(email=address.lower()).exists():
        return False
    unsubscribe_url = mail.link(reverse("discussion:unsubscribe", args=[unsubscribe_token(parent)]))
    context = {
        "reply": reply,
        "parent": parent,
        "page": reply.page,
        "reply_url": mail.link(f"{reply.page.url or '/'}#comment-{reply.pk}"),
        "unsubscribe_url": unsubscribe_url,
        "site_name": reply.page.get_site().site_name or "Plainly",
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("discussion/email/reply_subject.txt", context).strip(),
        body=render_to_string("discussion/email/reply_message.txt", context),
        to=[address],
        # Lets mail programs offer their own one-click unsubscribe (RFC 8058).
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.send_later(message)
    return True
