"""Figures in free text, and whether two figures for one measure can both be true.

Rules of Plainly's own rather than a general quantity extractor: explainer prose states counts,
money and shares with a handful of qualifiers ("more than 33,000", "about $620", "fewer than
five"), and what must not be taken for a figure is as regular: years, dates, ordinals and the
numbers of a list. Each figure becomes the interval of values it allows; two figures for the
same thing contradict each other when their intervals do not meet.
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from plainly.facts.models import Fact, Kind, Qualifier

# How far "about" reaches either side, and how far below its figure "nearly" may fall.
ABOUT = Decimal("0.12")
NEARLY = Decimal("0.15")
# "Exactly" as prose uses it: "33,000" may be rounded a little.
EXACTLY = Decimal("0.02")

# Longest first: "no more than" before "more than".
QUALIFIER_WORDS = {
    "in excess of": Qualifier.MORE_THAN,
    "upwards of": Qualifier.MORE_THAN,
    "no more than": Qualifier.UP_TO,
    "no fewer than": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST,
    "more than": Qualifier.MORE_THAN,
    "fewer than": Qualifier.FEWER_THAN,
    "less than": Qualifier.FEWER_THAN,
    "at least": Qualifier.AT_LEAST,
    "at most": Qualifier.UP_TO,
    "up to": Qualifier.UP_TO,
    "an estimated": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "close to": "nearly",
    "just under": "nearly",
    "roughly": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "about": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "nearly": "nearly",
    "almost": "nearly",
    "over": Qualifier.MORE_THAN,
    "above": Qualifier.MORE_THAN,
    "under": Qualifier.FEWER_THAN,
    "below": Qualifier.FEWER_THAN,
}
SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
WORD_NUMBERS = {word: number for number, word in enumerate(SMALL_NUMBERS.split())}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "bn": 10**9}
CURRENCY_WORDS = {"dollars": "USD", "euros": "EUR", "pounds": "GBP", "won": "KRW", "yen": "JPY"}
UNITS = {
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "miles": "miles",
    "metres": "m",
    "meters": "m",
    "kg": "kg",
    "tonnes": "tonnes",
    "years": "years",
}
CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW", "¥": "JPY"}
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)

_QUALIFIER = "|".join(re.escape(words) for words in QUALIFIER_WORDS)
FIGURE = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?"
    r"(?P<sign>US\$|[$€£₩¥])?\s?"
    r"(?<![\w.,])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(WORD_NUMBERS)
    + r")\b(?!-)"  # "one-party", "38-year-old" are no figures
    r"(?P<ordinal>st|nd|rd|th|s)?"
    r"(?:\s?(?P<scale>thousand|million|billion|bn)\b)?"
    r"(?P<percent>\s?%|\s(?:per ?cent|percent)\b)?"
    r"(?:\s(?:US\s)?(?P<currency>" + "|".join(CURRENCY_WORDS) + r")\b)?"
    r"(?:\s?(?P<unit>" + "|".join(UNITS) + r")\b)?",
    re.IGNORECASE,
)
NEXT_TO_A_MONTH = re.compile(rf"^\s*(?:{MONTHS})\b", re.IGNORECASE)
AFTER_A_MONTH = re.compile(rf"\b(?:{MONTHS})\s*$", re.IGNORECASE)
LIST_NUMBER = re.compile(r"(?:^|\n)\s*$")


@dataclass(frozen=True)
class Figure:
    """A figure as the text states it: the interval it allows, and what kind of figure it is."""

    low: Decimal
    high: Decimal
    value: Decimal  # as stated, with
    qualifier: str  # how it is qualified (a Qualifier, or "nearly")
    kind: str  # count, money or measurement (a share, or with a unit)
    currency: str
    unit: str
    text: str
    start: int
    end: int

    def agrees_with(self, other: "Figure") -> bool:
        return self.low <= other.high and other.low <= self.high


def interval(qualifier: str, value: Decimal, low=None, high=None) -> tuple[Decimal, Decimal]:
    """The values a figure allows, given how it is qualified."""
    infinity = Decimal(math.inf)
    # "More than", "fewer than" and "nearly" leave out the figure itself.
    just = value * Decimal("0.000001")
    if qualifier == Qualifier.BETWEEN and low is not None and high is not None:
        return low, high
    if qualifier == Qualifier.ABOUT:
        return value * (1 - ABOUT), value * (1 + ABOUT)
    if qualifier == "nearly":
        return value * (1 - NEARLY), value - just
    if qualifier == Qualifier.MORE_THAN:
        return value + just, infinity
    if qualifier == Qualifier.AT_LEAST:
        return value, infinity
    if qualifier == Qualifier.FEWER_THAN:
        return Decimal(0), value - just
    if qualifier == Qualifier.UP_TO:
        return Decimal(0), value
    return value * (1 - EXACTLY), value * (1 + EXACTLY)


def fact_figure(fact: Fact) -> Figure:
    low, high = interval(fact.qualifier, fact.value, fact.low, fact.high)
    return Figure(
        low,
        high,
        fact.value,
        fact.qualifier,
        fact.kind,
        fact.currency,
        fact.unit,
        fact.measure,
        0,
        0,
    )


# Whether text may state a figure at all: most sentences state none, and the full pattern is
# slow to try at every place in them.
ANY_NUMBER = re.compile(r"\d|\b(?:" + "|".join(WORD_NUMBERS) + r")\b", re.IGNORECASE)


def figures_in(text: str) -> list[Figure]:
    """The figures ``text`` states; years, dates, ordinals and list numbers are not figures."""
    found = []
    if not ANY_NUMBER.search(text):
        return found
    for match in FIGURE.finditer(text):
        number, scale = match["number"], match["scale"]
        if match["ordinal"] or _is_date(text, match) or _is_list_number(text, match):
            continue
        qualified = any(
            match[part] for part in ("qualifier", "sign", "percent", "currency", "unit")
        )
        qualified = qualified or bool(scale)
        if number.isdigit() and len(number) == 4 and 1000 <= int(number) <= 2199 and not qualified:
            continue  # a year
        if number.lower() in ("one", "zero") and not qualified:
            continue  # "one of them", "no one": a word, not a count
        if number.lower() in WORD_NUMBERS:
            value = Decimal(WORD_NUMBERS[number.lower()])
        else:
            value = Decimal(number.replace(",", ""))
        value *= SCALES.get((scale or "").lower(), 1)
        qualifier = QUALIFIER_WORDS.get((match["qualifier"] or "").lower(), Qualifier.EXACTLY)
        low, high = interval(qualifier, value)
        kind, currency, unit = "count", "", ""
        if match["sign"] or match["currency"]:
            kind = "money"
            currency = (
                CURRENCY_SIGNS.get((match["sign"] or "").upper())
                or CURRENCY_WORDS[match["currency"].lower()]
            )
        elif match["percent"]:
            kind, unit = "measurement", "%"
        elif match["unit"]:
            kind, unit = "measurement", UNITS[match["unit"].lower()]
        text_ = match.group(0).strip()
        found.append(
            Figure(low, high, value, qualifier, kind, currency, unit, text_, *match.span())
        )
    return found


def _is_date(text: str, match: re.Match) -> bool:
    return bool(
        NEXT_TO_A_MONTH.match(text[match.end() :]) or AFTER_A_MONTH.search(text[: match.start()])
    )


def _is_list_number(text: str, match: re.Match) -> bool:
    after = text[match.end() : match.end() + 1]
    return after in (".", ")") and bool(LIST_NUMBER.search(text[: match.start()]))


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")


@dataclass(frozen=True)
class Mention:
    """A figure in the text that states what ``fact`` measures."""

    fact: Fact
    figure: Figure
    sentence: str

    @property
    def contradicts(self) -> bool:
        return not fact_figure(self.fact).agrees_with(self.figure)


def sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(" ".join(text.split())) if part.strip()]


def names_of(fact: Fact) -> list[str]:
    return [name.casefold() for name in [fact.measure, *fact.alias_list] if name.strip()]


WORD = re.compile(r"\w+")


class Measures:
    """What a list of facts measure, looked up by the first word of each name and alias: a
    sentence is compared only with the facts whose names begin with one of its words, so a
    site's thousand facts cost little more per sentence than one."""

    def __init__(self, facts: list[Fact]):
        self.facts = facts
        self.by_first_word: dict[str, list[tuple[int, str]]] = {}
        for order, fact in enumerate(facts):
            for name in names_of(fact):
                if first := WORD.search(name):
                    self.by_first_word.setdefault(first.group(0), []).append((order, name))

    def mentions_in(self, text: str) -> list[Mention]:
        """The figures in ``text`` that state a fact's measure: in a sentence that names it (by
        its name or an alias), the figure of its kind nearest the name. By fact, then in the
        order of the text."""
        found: list[tuple[int, int, Mention]] = []
        for number, sentence in enumerate(sentences(text)):
            folded = sentence.casefold()
            places: dict[int, list[tuple[int, int]]] = {}
            for word in set(WORD.findall(folded)):
                for order, name in self.by_first_word.get(word, ()):
                    if (place := folded.find(name)) >= 0:
                        places.setdefault(order, []).append((place, place + len(name)))
            stated = figures_in(sentence) if places else []
            for order, at in places.items():
                fact = self.facts[order]
                figures = [
                    figure
                    for figure in stated
                    if _same_kind(fact, figure) and not _within(figure, at)  # "Group of 7"
                ]
                if figures:
                    nearest = min(figures, key=lambda figure: _distance(figure, at))
                    found.append((order, number, Mention(fact, nearest, sentence)))
        return [mention for *_, mention in sorted(found, key=lambda item: item[:2])]


def _within(figure: Figure, names: list[tuple[int, int]]) -> bool:
    return any(start <= figure.start and figure.end <= end for start, end in names)


def _distance(figure: Figure, names: list[tuple[int, int]]) -> int:
    return min(
        min(abs(figure.start - place), abs(figure.end - place))
        for start, end in names
        for place in (start, end)
    )


def mentions_of(fact: Fact, text: str) -> list[Mention]:
    """The figures in ``text`` that state ``fact``'s measure (see ``Measures.mentions_in``)."""
    return Measures([fact]).mentions_in(text)


def _same_kind(fact: Fact, figure: Figure) -> bool:
    if fact.kind == Kind.MONEY:
        return figure.kind == "money" and figure.currency in ("", fact.currency)
    if fact.kind == Kind.MEASUREMENT:
        return figure.kind == "measurement" and figure.unit == fact.unit
    return figure.kind == "count"
