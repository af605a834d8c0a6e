"""'Was this helpful?': a reader's vote on a question's page, one a page a day, and what the
editors learn from the votes."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.crypto import salted_hmac

from plainly import abuse
from plainly.pagecache import site_today
from plainly.questions.models import QuestionPage
from plainly.readers.models import Vote

# Votes one sender may cast: (how many, seconds). A reader votes on the pages they read, a few
# an hour; a flood from one address stops here.
LIMITS = [(10, 60), (100, 24 * 60 * 60)]
TEXT_LIMIT = 500


class Refused(Exception):
    """A vote the site will not take; the message says why, for the reader."""


def voter(sender: str, page: QuestionPage, day: datetime.date) -> str:
    """Who votes, as stored: a keyed hash of the sender (an address's hash, or an account) with
    the page and the day, so that one reader's votes cannot be linked to each other."""
    return salted_hmac("plainly.readers.vote", f"{sender}|{page.pk}|{day}").hexdigest()


def cast(
    page: QuestionPage, *, sender: str, helpful: bool, reason: str = "", text: str = ""
) -> Vote:
    """Record ``sender``'s vote on ``page`` today, or change the one they cast today (the
    reason and words of a "no" come after it)."""
    try:
        abuse.consume("readers:votes", sender, LIMITS)
    except abuse.Limited:
        raise Refused("You’ve voted too often in a short time. Wait a few minutes.") from None
    day = site_today()
    values = {"helpful": helpful, "revision_id": page.live_revision_id}
    text = text.strip()[:TEXT_LIMIT]
    if helpful:
        values.update(reason="", text="")
    elif reason or text:  # a bare "no" again keeps the reason and words given before
        values.update(reason=reason, text=text)
    key = {"page": page, "voter": voter(sender, page, day), "day": day}
    try:
        with transaction.atomic():
            vote, _created = Vote.objects.update_or_create(**key, defaults=values)
    except IntegrityError:  # the same reader's other vote, at the same moment, came first
        vote = Vote.objects.get(**key)
    return vote


@dataclass(frozen=True)
class Unhelpful:
    question: QuestionPage
    no: int
    yes: int
    reasons: list[tuple[str, int]]  # (label, votes), most first
    texts: list[str]  # the newest first


def least_helpful(days: int, *, limit: int, texts: int = 5) -> list[Unhelpful]:
    """The live questions with the most "no" votes in the last ``days`` days, with their
    reasons and readers' words."""
    since = site_today() - datetime.timedelta(days=days - 1)
    recent = Vote.objects.filter(day__gte=since)
    ranked = list(
        recent.values("page")
        .annotate(no=Count("pk", filter=Q(helpful=False)), yes=Count("pk", filter=Q(helpful=True)))
        .filter(no__gt=0)
        .order_by("-no", "yes", "page")[: limit * 2]  # some may no longer be live
    )
    questions = QuestionPage.objects.live().in_bulk([row["page"] for row in ranked])
    labels = dict(Vote.Reason.choices)
    reasons: dict[int, list[tuple[str, int]]] = {}
    for row in (
        recent.filter(page__in=questions, helpful=False)
        .exclude(reason="")
        .values("page", "reason")
        .annotate(n=Count("pk"))
        .order_by("page", "-n", "reason")
    ):
        reasons.setdefault(row["page"], []).append(
            (labels.get(row["reason"], row["reason"]), row["n"])
        )
    chosen = [row for row in ranked if row["page"] in questions][:limit]
    newest: dict[int, list[str]] = {}
    if texts and chosen:
        # Each page's newest words, for every page in one query.
        for page, text in (
            recent.filter(page__in=[row["page"] for row in chosen], helpful=False)
            .exclude(text="")
            .annotate(
                newness=Window(
                    RowNumber(),
                    partition_by=[F("page")],
                    order_by=[F("cast_at").desc(), F("pk").desc()],
                )
            )
            .filter(newness__lte=texts)
            .order_by("page", "newness")
            .values_list("page", "text")
        ):
            newest.setdefault(page, []).append(text)
    found = [
        Unhelpful(
            question=questions[row["page"]],
            no=row["no"],
            yes=row["yes"],
            reasons=reasons.get(row["page"], []),
            texts=newest.get(row["page"], []),
        )
        for row in chosen
    ]
    return found
