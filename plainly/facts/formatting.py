"""The one way a fact is written on a page: "more than 33,000", "about $620", "fewer than five".

Numbers, currencies and dates follow the locale's conventions (Babel, with CLDR's data); counts
under ten are written in words, as style guides ask (num2words); the qualifiers' words are
Plainly's own, in each language it writes.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent
from django.conf import settings
from django.utils.translation import get_language, to_locale
from num2words import num2words

from plainly.facts.models import Fact, Kind, Precision, Qualifier, is_whole

# Counts below this are written in words.
IN_WORDS_BELOW = 10


@dataclass(frozen=True)
class Phrases:
    qualifiers: dict[str, str]  # each with {} for the figure
    less_than: str  # "fewer than" is for counts; other figures are "less than"
    between: str  # with {low} and {high}
    as_of: str  # with {date}


PHRASES = {
    "en": Phrases(
        qualifiers={
            Qualifier.EXACTLY: "{}",
            Qualifier.ABOUT: "about {}",
            Qualifier.MORE_THAN: "more than {}",
            Qualifier.FEWER_THAN: "fewer than {}",
            Qualifier.AT_LEAST: "at least {}",
            Qualifier.UP_TO: "up to {}",
        },
        less_than="less than {}",
        between="between {low} and {high}",
        as_of="(as of {date})",
    ),
    "de": Phrases(
        qualifiers={
            Qualifier.EXACTLY: "{}",
            Qualifier.ABOUT: "etwa {}",
            Qualifier.MORE_THAN: "mehr als {}",
            Qualifier.FEWER_THAN: "weniger als {}",
            Qualifier.AT_LEAST: "mindestens {}",
            Qualifier.UP_TO: "bis zu {}",
        },
        less_than="weniger als {}",
        between="zwischen {low} und {high}",
        as_of="(Stand: {date})",
    ),
}


def format_fact(fact: Fact, *, locale: str | None = None, with_date: bool = False) -> str:
    """``fact`` as a page shows it, in ``locale`` (the active language's by default), with the
    date it is true as of when ``with_date``."""
    where = _locale(locale)
    phrases = PHRASES.get(where.language, PHRASES["en"])
    if fact.qualifier == Qualifier.BETWEEN and fact.low is not None and fact.high is not None:
        text = phrases.between.format(
            low=format_figure(fact, fact.low, where), high=format_figure(fact, fact.high, where)
        )
    else:
        phrase = phrases.qualifiers.get(fact.qualifier, "{}")
        if fact.qualifier == Qualifier.FEWER_THAN and fact.kind != Kind.COUNT:
            phrase = phrases.less_than
        text = phrase.format(format_figure(fact, fact.value, where))
    if with_date:
        text = f"{text} {as_of_phrase(fact, locale=locale)}"
    return text


def as_of_phrase(fact: Fact, *, locale: str | None = None) -> str:
    """“(as of 2023)”, in ``locale``."""
    where = _locale(locale)
    phrases = PHRASES.get(where.language, PHRASES["en"])
    return phrases.as_of.format(date=format_as_of(fact, where))


def format_figure(fact: Fact, number: Decimal, where: Locale) -> str:
    """One number of ``fact``: a count, an amount of money, or a measurement with its unit."""
    number = Decimal(number)
    if fact.kind == Kind.COUNT and 0 <= number < IN_WORDS_BELOW and is_whole(number):
        return num2words(int(number), lang=_num2words_language(where))
    if fact.kind == Kind.MONEY:
        if is_whole(number):  # "$620", not "$620.00"
            pattern = where.currency_formats["standard"].pattern.replace(".00", "")
            return format_currency(
                number, fact.currency, format=pattern, locale=where, currency_digits=False
            )
        return format_currency(number, fact.currency, locale=where)
    if fact.unit == "%":
        return format_percent(number / 100, locale=where, decimal_quantization=False)
    figure = format_decimal(_trimmed(number), locale=where)
    return f"{figure}\N{NO-BREAK SPACE}{fact.unit}" if fact.unit else figure


def format_as_of(fact: Fact, where: Locale | str | None = None) -> str:
    """The date ``fact`` is true as of, to the precision it is known: 2023, March 2023, 5 March
    2023."""
    where = where if isinstance(where, Locale) else _locale(where)
    day: datetime.date = fact.as_of
    if fact.as_of_precision == Precision.YEAR:
        return format_skeleton("y", day, locale=where)
    if fact.as_of_precision == Precision.MONTH:
        return format_skeleton("yMMMM", day, locale=where)
    return format_date(day, "long", locale=where)


def _locale(name: str | None) -> Locale:
    name = name or get_language() or settings.LANGUAGE_CODE
    try:
        return Locale.parse(to_locale(name))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _num2words_language(where: Locale) -> str:
    return where.language if where.language in PHRASES else "en"


def _trimmed(number: Decimal) -> Decimal:
    # Stored with four places: 250.0000 is written 250, 2.5000 is written 2.5.
    return number.to_integral_value() if is_whole(number) else number.normalize()
