"""A fact is written one way everywhere, in the reader's language: qualifier, range, unit,
currency and the date it is true as of."""

import datetime
from decimal import Decimal

import pytest

from plainly.facts.formatting import format_fact
from plainly.facts.tests.factories import fact

NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    "fields, english, german",
    [
        ({"qualifier": "exactly"}, "33,000", "33.000"),
        ({"qualifier": "about", "value": Decimal("27000")}, "about 27,000", "etwa 27.000"),
        ({"qualifier": "more_than"}, "more than 33,000", "mehr als 33.000"),
        ({"qualifier": "fewer_than", "value": 5}, "fewer than five", "weniger als fünf"),
        ({"qualifier": "at_least", "value": 9}, "at least nine", "mindestens neun"),
        ({"qualifier": "up_to", "value": 10}, "up to 10", "bis zu 10"),
        (
            {"qualifier": "between", "low": 25000, "high": 30000, "value": 27000},
            "between 25,000 and 30,000",
            "zwischen 25.000 und 30.000",
        ),
        ({"qualifier": "exactly", "value": 0}, "zero", "null"),
        ({"qualifier": "exactly", "value": Decimal("1234567")}, "1,234,567", "1.234.567"),
    ],
)
def test_counts_in_each_qualifier(fields, english, german):
    assert format_fact(fact(**fields), locale="en") == english
    assert format_fact(fact(**fields), locale="de") == german


@pytest.mark.parametrize(
    "fields, english, german",
    [
        ({"value": 620, "currency": "USD", "qualifier": "about"}, "about $620", f"etwa 620{NBSP}$"),
        ({"value": Decimal("620.5"), "currency": "USD"}, "$620.50", f"620,50{NBSP}$"),
        ({"value": 3, "currency": "EUR", "qualifier": "up_to"}, "up to €3", f"bis zu 3{NBSP}€"),
        (
            {"value": 1200000, "currency": "KRW", "qualifier": "more_than"},
            "more than ₩1,200,000",
            f"mehr als 1.200.000{NBSP}₩",
        ),
    ],
)
def test_money_in_its_currency_without_needless_cents(fields, english, german):
    money = fact(kind="money", **fields)

    assert format_fact(money, locale="en") == english
    assert format_fact(money, locale="de") == german


@pytest.mark.parametrize(
    "fields, english, german",
    [
        (
            {"value": 250, "unit": "km", "qualifier": "about"},
            f"about 250{NBSP}km",
            f"etwa 250{NBSP}km",
        ),
        ({"value": Decimal("2.5"), "unit": "km"}, f"2.5{NBSP}km", f"2,5{NBSP}km"),
        (
            {"value": 4, "unit": "km", "qualifier": "fewer_than"},
            f"less than 4{NBSP}km",
            f"weniger als 4{NBSP}km",
        ),
        ({"value": Decimal("12.5"), "unit": "%"}, "12.5%", f"12,5{NBSP}%"),
        ({"value": Decimal("-3"), "unit": "°C"}, f"-3{NBSP}°C", f"-3{NBSP}°C"),
    ],
)
def test_measurements_with_their_unit_and_no_words_for_small_numbers(fields, english, german):
    measured = fact(kind="measurement", **fields)

    assert format_fact(measured, locale="en") == english
    assert format_fact(measured, locale="de") == german


@pytest.mark.parametrize(
    "precision, english, british, german",
    [
        ("year", "(as of 2023)", "(as of 2023)", "(Stand: 2023)"),
        ("month", "(as of March 2023)", "(as of March 2023)", "(Stand: März 2023)"),
        ("day", "(as of March 5, 2023)", "(as of 5 March 2023)", "(Stand: 5. März 2023)"),
    ],
)
def test_the_date_a_fact_is_true_as_of_to_its_precision(precision, english, british, german):
    dated = fact(qualifier="more_than", as_of=datetime.date(2023, 3, 5), as_of_precision=precision)

    assert format_fact(dated, locale="en", with_date=True) == f"more than 33,000 {english}"
    assert format_fact(dated, locale="en-gb", with_date=True) == f"more than 33,000 {british}"
    assert format_fact(dated, locale="de", with_date=True) == f"mehr als 33.000 {german}"


def test_the_sites_language_is_the_default(settings):
    settings.LANGUAGE_CODE = "en-gb"

    assert format_fact(fact(kind="money", value=620, currency="USD")) == "US$620"


def test_an_unknown_locale_falls_back_to_english():
    assert format_fact(fact(qualifier="about"), locale="xx-nowhere") == "about 33,000"
