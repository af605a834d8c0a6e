"""Pages show the newest current figure of what a fact measures, and a superseded fact's
successor."""

import datetime

import pytest

from plainly.facts.models import Fact, shown_for
from plainly.facts.tests.factories import make_fact

pytestmark = pytest.mark.django_db


def year(y: int) -> datetime.date:
    return datetime.date(y, 12, 31)


def supersede(old: Fact, new: Fact) -> None:
    old.status, old.superseded_by = "superseded", new
    old.save()
    old.save_revision().publish()


def test_a_fact_is_shown_as_itself_while_nothing_newer_measures_the_same(
    django_assert_max_num_queries,
):
    fact = make_fact(value=33000, as_of=year(2023))
    other = make_fact(measure="Length of the border", kind="measurement", unit="km", value=250)

    with django_assert_max_num_queries(2):
        shown = shown_for([fact, other])

    assert shown == {fact.pk: fact, other.pk: other}


def test_the_newest_current_published_fact_of_the_same_measure_is_shown():
    old = make_fact(value=27000, as_of=year(2014))
    newest = make_fact(
        measure="north koreans resettled  in South Korea, TOTAL", value=34000, as_of=year(2024)
    )
    make_fact(value=33000, as_of=year(2023))
    draft = Fact.objects.create(**{**_fields(newest), "as_of": year(2025), "live": False})
    assert not draft.live

    assert shown_for([old])[old.pk] == newest


def test_a_superseded_fact_shows_its_last_successor_even_if_it_measures_anew():
    first = make_fact(value=27000, as_of=year(2014))
    second = make_fact(measure="Defectors resettled, total", value=31000, as_of=year(2018))
    third = make_fact(measure="Defectors resettled in the South", value=33000, as_of=year(2023))
    supersede(first, second)
    supersede(second, third)

    assert shown_for([first])[first.pk] == third


def test_a_circle_of_successors_ends_without_looping():
    one = make_fact(measure="A", as_of=year(2020))
    two = make_fact(measure="B", as_of=year(2020))
    supersede(one, two)
    supersede(two, one)

    shown = shown_for([one])

    assert shown[one.pk] in (one, two)


def _fields(fact: Fact) -> dict:
    skip = {"id", "measure_key", "live", "latest_revision", "live_revision"}
    return {
        f.attname: getattr(fact, f.attname)
        for f in Fact._meta.concrete_fields
        if f.attname not in skip
        and not f.attname.endswith("_at")
        and f.attname != "has_unpublished_changes"
    }
