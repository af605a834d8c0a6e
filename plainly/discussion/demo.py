"""The demo site's discussion: a few comments written for it, kept with the demo questions."""

import datetime
import tomllib

from django.db import transaction
from django.utils import timezone

from plainly.discussion import markup
from plainly.discussion.models import Comment
from plainly.discussion.moderation import record
from plainly.questions.demo import DEMO_DIR
from plainly.questions.models import QuestionPage


def _add(page, *, author: str, body: str, state: str, hours_ago: int, parent=None) -> Comment:
    body = " ".join(body.split())
    comment = Comment.objects.create(
        page=page,
        parent=parent,
        author_name=author,
        body=body,
        body_html=markup.render(body),
        state=state,
        created_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )
    record(comment, state=state, rule="demo", reason="Written for the demo site.")
    return comment


def load_demo_comments() -> int:
    """Add the demo comments to demo questions that have none yet; the number added."""
    added = 0
    for path in sorted(DEMO_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text())
        page = QuestionPage.objects.filter(slug=data.get("slug", "")).first()
        if page is None or not data.get("comments") or page.comments.exists():
            continue
        # Spread over the last few days, oldest first, so that the discussion reads as it grew.
        hours_ago = 24 * len(data["comments"])
        with transaction.atomic():
            for item in data["comments"]:
                state = Comment.State.HELD if item.get("held") else Comment.State.APPROVED
                comment = _add(
                    page, author=item["author"], body=item["body"], state=state, hours_ago=hours_ago
                )
                added += 1
                for reply in item.get("replies", []):
                    hours_ago -= 3
                    _add(
                        page,
                        author=reply["author"],
                        body=reply["body"],
                        state=state,
                        hours_ago=hours_ago,
                        parent=comment,
                    )
                    added += 1
                hours_ago -= 20
    return added
