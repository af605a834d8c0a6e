"""Facts: figures with what they measure, a date they are true as of, and a source.

A record of its own, knowing nothing of pages: pages bind to facts, and the checks read both.
Several facts may measure the same thing at different dates; the newest current one is shown.
"""

import datetime
from decimal import Decimal

from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

# Links a reader follows: no ftp:, no javascript:, no mailto:.
NOT_A_WEB_ADDRESS = "Give a web address (http or https)."
WEB_ADDRESS = URLValidator(schemes=["http", "https"], message=NOT_A_WEB_ADDRESS)


class WebAddressField(models.URLField):
    """A web address a reader may follow, refused with one message in forms and models alike."""

    default_validators = [WEB_ADDRESS]
    default_error_messages = {"invalid": NOT_A_WEB_ADDRESS}

    def formfield(self, **kwargs):
        return super().formfield(
            **{"error_messages": {"invalid": NOT_A_WEB_ADDRESS}, "assume_scheme": "https", **kwargs}
        )


class Kind(models.TextChoices):
    COUNT = "count", "A count (people, things)"
    MONEY = "money", "An amount of money"
    MEASUREMENT = "measurement", "A measurement (with a unit) or a share"


class Qualifier(models.TextChoices):
    EXACTLY = "exactly", "exactly"
    ABOUT = "about", "about"
    MORE_THAN = "more_than", "more than"
    FEWER_THAN = "fewer_than", "fewer than"
    AT_LEAST = "at_least", "at least"
    UP_TO = "up_to", "up to"
    BETWEEN = "between", "between"


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


class Status(models.TextChoices):
    CURRENT = "current", "Current"
    SUPERSEDED = "superseded", "Superseded"


class Fact(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    measure = models.CharField(
        max_length=160,
        help_text=(
            "What is measured, so that it reads alone: “North Koreans resettled in South "
            "Korea, total”. Facts with the same name measure the same thing at different dates."
        ),
    )
    # The name folded, so that "Defectors, total" and "defectors,  total" are one measure.
    measure_key = models.CharField(max_length=160, editable=False, db_index=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other ways pages name it, one per line: “defectors to the South”.",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COUNT)
    qualifier = models.CharField(
        max_length=12, choices=Qualifier.choices, default=Qualifier.EXACTLY
    )
    value = models.DecimalField(max_digits=20, decimal_places=4)
    low = models.DecimalField(
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The low end of the range, for “between” or a value known within a range.",
    )
    high = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(
        max_length=40, blank=True, help_text="For a measurement: “km”, “%”, “years”."
    )
    currency = models.CharField(
        max_length=3, blank=True, help_text="For money: a currency code, such as USD or KRW."
    )
    as_of = models.DateField(help_text="The date the figure is true as of.")
    as_of_precision = models.CharField(
        "known to the",
        max_length=5,
        choices=Precision.choices,
        default=Precision.YEAR,
        help_text="A figure for 2023 is true as of the year: pages say “as of 2023”.",
    )
    source_title = models.CharField(max_length=300)
    source_publisher = models.CharField(max_length=200, blank=True)
    source_url = WebAddressField(max_length=500, blank=True)
    source_accessed = models.DateField(
        null=True, blank=True, help_text="When the source was read. Needed with a web address."
    )
    archive_url = WebAddressField(
        max_length=500,
        blank=True,
        help_text="A copy kept by an archive, in case the source changes or goes.",
    )
    check_after = models.DateField(
        null=True, blank=True, help_text="Check the figure again after this date."
    )
    stale_after_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How old the figure may grow before it is checked; empty: the site's policy.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CURRENT)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        help_text="The fact that replaces this one: pages showing this one show it instead.",
    )
    note = models.TextField(blank=True, help_text="For editors: how the figure was reached.")

    search_fields = [
        index.SearchField("measure"),
        index.SearchField("aliases"),
        index.SearchField("source_title"),
        index.AutocompleteField("measure"),
    ]

    class Meta:
        ordering = ["measure", "-as_of"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(low__isnull=True)
                | models.Q(high__isnull=True)
                | models.Q(low__lte=models.F("high")),
                name="fact_range_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} ({self.as_of.year})"

    def save(self, *args, **kwargs):
        self.measure_key = measure_key(self.measure)
        super().save(*args, **kwargs)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def clean(self):
        self.currency = self.currency.strip().upper()
        errors = fact_errors(self, today=timezone.localdate())
        if errors:
            raise ValidationError(errors)


def fact_errors(fact: Fact, *, today: datetime.date) -> dict[str, str]:
    """What is wrong with ``fact``, by field: each a sentence an editor can act on."""
    errors = {}
    low, high = fact.low, fact.high
    if low is not None and high is not None and low > high:
        errors["high"] = "The high end is below the low end: swap them."
    if fact.qualifier == Qualifier.BETWEEN and (low is None or high is None):
        errors["low"] = "“Between” needs both ends of the range."
    elif fact.value is not None and "high" not in errors and not _within(fact.value, low, high):
        errors["value"] = "The value lies outside its own range."
    if fact.kind == Kind.COUNT and fact.value is not None:
        if fact.value < 0 or (low is not None and low < 0):
            errors["value"] = "A count cannot be negative."
        elif not is_whole(fact.value):
            errors["value"] = "A count is a whole number."
    if fact.kind == Kind.MONEY:
        if not fact.currency:
            errors["currency"] = "Say which currency, as a code such as USD or KRW."
        elif fact.currency.upper() not in list_currencies():
            errors["currency"] = f"“{fact.currency}” is not a currency code we know."
    elif fact.currency:
        errors["currency"] = "Only an amount of money has a currency."
    if fact.as_of and fact.as_of > today:
        errors["as_of"] = "A figure cannot be true as of a date still to come."
    if fact.source_accessed and fact.source_accessed > today:
        errors["source_accessed"] = "The source cannot have been read on a date still to come."
    if fact.source_url and not fact.source_accessed:
        errors["source_accessed"] = "Say when the page at this address was read."
    if fact.status == Status.SUPERSEDED and not fact.superseded_by_id:
        errors["superseded_by"] = "Choose the fact that replaces this one."
    if fact.superseded_by_id and fact.superseded_by_id == fact.pk:
        errors["superseded_by"] = "A fact cannot replace itself."
    if fact.superseded_by_id and fact.status != Status.SUPERSEDED:
        errors["status"] = "A fact with a successor is superseded."
    return errors


def _within(value: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    return (low is None or low <= value) and (high is None or value <= high)


def is_whole(number: Decimal) -> bool:
    return number == number.to_integral_value()


def measure_key(name: str) -> str:
    return " ".join(name.casefold().split())


# Successors are followed this far: a chain longer than this is an editing mistake, not history.
MAX_SUCCESSION = 20


def shown_for(facts: list[Fact]) -> dict[int, Fact]:
    """For each of ``facts`` (by id), the fact pages show in its place: the end of its chain of
    successors, then the newest current published fact measuring the same thing, if newer.
    Two queries or so, however many facts."""
    ends = {fact.pk: fact for fact in facts}
    known = {fact.pk: fact for fact in facts}
    for _ in range(MAX_SUCCESSION):
        wanted = {f.superseded_by_id for f in ends.values() if f.superseded_by_id} - known.keys()
        if wanted:
            known.update({f.pk: f for f in Fact.objects.filter(pk__in=wanted, live=True)})
        moved = {
            pk: known[end.superseded_by_id]
            for pk, end in ends.items()
            if end.superseded_by_id in known and end.superseded_by_id != end.pk
        }
        if not moved:
            break
        ends.update(moved)
    measures = {end.measure_key for end in ends.values()}
    newest = {}
    current = Fact.objects.filter(live=True, status=Status.CURRENT, measure_key__in=measures)
    for candidate in current:
        key = candidate.measure_key
        if key not in newest or candidate.as_of > newest[key].as_of:
            newest[key] = candidate
    shown = {}
    for pk, end in ends.items():
        later = newest.get(end.measure_key)
        shown[pk] = later if later and later.as_of > end.as_of else end
    return shown


def shown_by_id(fact_ids: set[int]) -> dict[int, Fact]:
    """For each fact id, the published fact pages show in its place (see ``shown_for``); ids of
    missing or unpublished facts are left out. A query or three, however many ids."""
    if not fact_ids:
        return {}
    facts = Fact.objects.filter(live=True).in_bulk(fact_ids)
    return shown_for(list(facts.values())) if facts else {}
