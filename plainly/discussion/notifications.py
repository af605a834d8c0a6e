"""Mail about the discussion: replies to a reader's comment, and the moderators' daily digest."""

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from plainly import mail
from plainly.discussion.models import Comment, ReplyOptOut

UNSUBSCRIBE_SALT = "plainly.discussion.unsubscribe"


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=UNSUBSCRIBE_SALT, compress=True)


def email_for_token(token: str) -> str | None:
    """The address a token from one of our mails stands for, or None if it is not ours."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def unsubscribe(email: str) -> None:
    ReplyOptOut.objects.get_or_create(email=email.lower())


def notify_reply(reply: Comment) -> bool:
    """Tell the author of the comment ``reply`` answers, unless they asked not to hear."""
    parent = reply.parent
    if parent is None or reply.state != Comment.State.APPROVED or reply.hidden_by_flags:
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
    root_url = reply.page.get_site().root_url
    unsubscribe_url = root_url + reverse(
        "discussion:unsubscribe", args=[unsubscribe_token(address)]
    )
    context = {
        "reply": reply,
        "parent": parent,
        "page": reply.page,
        "reply_url": f"{reply.page.get_full_url()}#comment-{reply.pk}",
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
