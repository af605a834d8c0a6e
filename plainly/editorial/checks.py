"""The checks of the facts pages show: figures gone stale (unsourced figures and contradictions
are to come beside them). One list of findings serves the admin's report, the dashboard and
``plainly check-facts``."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Page

from plainly.editorial.models import EditorialSettings
from plainly.facts.formatting import format_fact
from plainly.facts.models import Fact, Status
from plainly.questions.figures import pages_showing


@dataclass(frozen=True)
class Finding:
    kind: str  # "stale"
    fact: Fact
    reason: str
    pages: tuple[Page, ...]

    @property
    def figure(self) -> str:
        return format_fact(self.fact, with_date=True)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier (or the month's last day, if it has fewer)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, last)
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def stale_reason(fact: Fact, *, today: datetime.date, default_months: int) -> str | None:
    """Why ``fact`` is due for checking, or None if it is not. A "check again after" date, where
    an editor set one, decides; otherwise the figure's age does."""
    if fact.check_after:
        if fact.check_after < today:
            return f"To be checked again after {fact.check_after:%-d %B %Y}."
        return None
    months = fact.stale_after_months or default_months
    if fact.as_of < months_before(today, months):
        return f"Older than the {months} months a figure may grow before it is checked."
    return None


def stale_facts(today: datetime.date | None = None) -> list[Finding]:
    """Published, current facts due for checking, oldest first, each with the pages showing it."""
    today = today or timezone.localdate()
    default_months = EditorialSettings.load().facts_stale_after_months
    found = []
    for fact in Fact.objects.filter(live=True, status=Status.CURRENT).order_by("as_of", "pk"):
        reason = stale_reason(fact, today=today, default_months=default_months)
        if reason:
            found.append(Finding("stale", fact, reason, tuple(pages_showing(fact))))
    return found


def all_findings(today: datetime.date | None = None) -> list[Finding]:
    return stale_facts(today)
