"""Comments for tests, stored the way posting stores them; the comment form as browsers send it."""

import datetime
import time

from django.utils import timezone

from plainly.abuse import writing_ticket
from plainly.discussion import markup
from plainly.discussion.models import Comment


def make_comment(
    page,
    *,
    body: str = "A thoughtful comment.",
    author=None,
    name: str = "Reader",
    email: str = "reader@example.org",
    state: str = Comment.State.APPROVED,
    parent: Comment | None = None,
    minutes_ago: int = 0,
    ip_hash: str = "iphash",
) -> Comment:
    return Comment.objects.create(
        page=page,
        parent=parent,
        author=author,
        author_name="" if author else name,
        author_email="" if author else email,
        body=body,
        body_html=markup.render(body),
        state=state,
        ip_hash=ip_hash,
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def post_url(page) -> str:
    return f"/discussion/questions/{page.pk}/comments/"


def form(**overrides) -> dict:
    data = {
        "body": "The figures in the key facts box look right to me.",
        "name": "Rita",
        "email": "rita@example.org",
        "website": "",
        "started": writing_ticket(now=time.time() - 30),
    }
    data.update(overrides)
    return data
