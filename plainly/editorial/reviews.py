"""Review dates: every question is checked again on a schedule, and who checked it is recorded.

A question's interval is its own, else its topic's, else the editorial policy's. It is due once
that many months have passed since its last review, or as soon as a fact it shows has gone stale.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from plainly import pagecache
from plainly.editorial.checks import stale_facts
from plainly.editorial.models import EditorialSettings
from plainly.questions.models import QuestionPage, TopicPage, parent_path

REVIEWED = "plainly.reviewed"


def months_later(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` ahead, kept within the month (31 January + 1 is 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def interval_for(page: QuestionPage, topic: TopicPage | None, policy: EditorialSettings) -> int:
    """How many months ``page`` may go between reviews."""
    if page.review_every_months:
        return page.review_every_months
    if topic is not None and topic.review_every_months:
        return topic.review_every_months
    return policy.review_every_months


def due_date(page: QuestionPage) -> datetime.date:
    """When ``page`` is next due for review, by its interval alone."""
    months = interval_for(page, page.topic, EditorialSettings.load())
    return months_later(page.last_reviewed, months)


@transaction.atomic
def record_review(page: QuestionPage, user, today: datetime.date | None = None) -> None:
    """Record that ``user`` checked ``page`` today: on the live page (not a new revision, so a
    draft under way is left alone), in its history, and on every copy readers are served."""
    today = today or timezone.localdate()
    # Its aliases show the same answer, so they were reviewed with it.
    same_answer = Q(pk=page.pk) | Q(alias_of_id=page.pk)
    QuestionPage.objects.filter(same_answer).update(last_reviewed=today, reviewed_by=user)
    page.last_reviewed, page.reviewed_by = today, user
    log(instance=page, action=REVIEWED, user=user, data={"reviewed_on": today.isoformat()})
    pagecache.refresh_after_commit(pagecache.paths_showing(page))


@dataclass
class Due:
    """A question due for review, and why."""

    page: QuestionPage
    topic: TopicPage | None
    due_on: datetime.date
    today: datetime.date
    stale_facts: list[str] = field(default_factory=list)

    @property
    def interval_passed(self) -> bool:
        """Whether it is due by its interval (it may be due for its stale facts alone)."""
        return self.due_on <= self.today

    @property
    def days_overdue(self) -> int:
        """Days since it fell due (zero or more: a page due for its stale facts alone may not
        have reached its date yet)."""
        return max((self.today - self.due_on).days, 0)


ORDERS = {
    "overdue": ("Most overdue first", lambda due: (-due.days_overdue, due.page.title)),
    "title": ("Question", lambda due: due.page.title.casefold()),
    "topic": ("Topic", lambda due: ((due.topic.title if due.topic else ""), due.page.title)),
}


def due_for_review(
    today: datetime.date | None = None,
    *,
    topic: TopicPage | None = None,
    reviewer=None,
    order: str = "overdue",
) -> list[Due]:
    """Live questions due for review, in ``topic`` and last reviewed by ``reviewer`` if given."""
    today = today or timezone.localdate()
    policy = EditorialSettings.load()
    stale_by_page: dict[int, list[str]] = {}
    for finding in stale_facts(today):
        for page in finding.pages:
            stale_by_page.setdefault(page.pk, []).append(finding.subject)
    # An alias is reviewed with the page it copies, and is not listed apart.
    questions = QuestionPage.objects.live().filter(alias_of__isnull=True)
    questions = questions.select_related("reviewed_by")
    if topic is not None:
        questions = questions.child_of(topic)
    if reviewer is not None:
        questions = questions.filter(reviewed_by=reviewer)
    topics = {each.path: each for each in TopicPage.objects.all()}
    found = []
    for page in questions.defer_streamfields():
        page_topic = topics.get(parent_path(page))
        due_on = months_later(page.last_reviewed, interval_for(page, page_topic, policy))
        due = Due(page, page_topic, due_on, today, stale_by_page.get(page.pk, []))
        if due.interval_passed or due.stale_facts:
            found.append(due)
    return sorted(found, key=ORDERS.get(order, ORDERS["overdue"])[1])


def reviewers():
    """People who have reviewed a question: the report's choice of editor."""
    reviewed = QuestionPage.objects.filter(reviewed_by__isnull=False).values("reviewed_by")
    return get_user_model().objects.filter(pk__in=reviewed).order_by("display_name", "username")
