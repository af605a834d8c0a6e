"""The contradiction finder, measured on sentences written for it: figures that agree with a
fact, figures that contradict it, and numbers that are no figures at all."""

import datetime
from decimal import Decimal

import pytest

from plainly.editorial.quantities import Measures, figures_in, mentions_of
from plainly.facts.tests.factories import fact

FACTS = {
    "resettled": fact(
        measure="North Koreans resettled in South Korea, total",
        aliases="North Korean defectors\ndefected to the South\nresettled in the South\n"
        "North Koreans have defected",
        qualifier="more_than",
        value=Decimal(33000),
    ),
    "went-north": fact(
        measure="South Koreans who defected to North Korea",
        aliases="South Korean defectors\ndefected to the North\nwent north",
        qualifier="fewer_than",
        value=Decimal(5),
    ),
    "prisoners": fact(
        measure="People held in North Korea's political prison camps",
        aliases="prison camps\npolitical prisoners",
        qualifier="about",
        value=Decimal(100000),
    ),
    "gdp-north": fact(
        measure="GDP per person, North Korea",
        aliases="output per person in the North\nNorth Korea's GDP per person",
        kind="money",
        currency="USD",
        qualifier="about",
        value=Decimal(620),
    ),
    "border": fact(
        measure="Length of the inter-Korean border",
        aliases="the border is\nthe Demilitarized Zone runs\nthe DMZ runs",
        kind="measurement",
        unit="km",
        qualifier="about",
        value=Decimal(250),
        as_of=datetime.date(2020, 12, 31),
    ),
}

CONFLICT, AGREES, NOTHING = "conflict", "agrees", "nothing"

# (the fact, a sentence, what the finder should say of it)
CORPUS = [
    # The reference page's own disagreement, and others like it.
    ("resettled", "There are about 27,000 North Korean defectors to South Korea.", CONFLICT),
    ("resettled", "Over 33,000 North Koreans have defected to the South.", AGREES),
    ("resettled", "More than 34,000 North Koreans have resettled in the South.", AGREES),
    ("resettled", "Some 34,000 North Korean defectors now live in Seoul and beyond.", AGREES),
    ("resettled", "Roughly 20,000 North Korean defectors have made the journey.", CONFLICT),
    ("resettled", "Fewer than 30,000 North Koreans have defected since the war.", CONFLICT),
    ("resettled", "Nearly 33,000 North Korean defectors live in the South.", CONFLICT),
    ("resettled", "Around 33,500 North Korean defectors were counted by 2023.", AGREES),
    ("resettled", "At least 31,000 North Koreans have defected, by one count.", AGREES),
    ("resettled", "Up to 10,000 North Korean defectors may have returned to China.", CONFLICT),
    ("resettled", "In 2011, 2,706 North Korean defectors arrived, a record year.", CONFLICT),
    ("resettled", "The first North Korean defectors arrived in the 1950s.", NOTHING),
    ("resettled", "North Korean defectors often settle in Seoul.", NOTHING),
    ("resettled", "Since 1953, many North Koreans have defected to the South.", NOTHING),
    ("resettled", "On 3 March 2019 a group of North Korean defectors met the press.", NOTHING),
    ("resettled", "The 2nd wave of North Korean defectors came after the famine.", NOTHING),
    ("went-north", "Fewer than five South Koreans have defected to the North.", AGREES),
    ("went-north", "Only two South Korean defectors are known since the war.", AGREES),
    ("went-north", "Hundreds of South Korean defectors went north, about 300 in all.", CONFLICT),
    ("went-north", "More than 10 South Koreans defected to the North in the 1960s.", CONFLICT),
    ("went-north", "About 4 South Korean defectors are on record.", AGREES),
    ("went-north", "South Korean defectors are rare.", NOTHING),
    ("went-north", "In 2012 one of the South Korean defectors gave a press conference.", NOTHING),
    ("prisoners", "About 100,000 people are held in the prison camps.", AGREES),
    ("prisoners", "Estimates of the prison camps' population run to 120,000.", CONFLICT),
    ("prisoners", "Around 95,000 political prisoners are thought to be held.", AGREES),
    ("prisoners", "Up to 200,000 political prisoners were held in the 2000s.", AGREES),
    ("prisoners", "Some 50,000 political prisoners remain, by one estimate.", CONFLICT),
    ("prisoners", "More than 150,000 people are held in the prison camps.", CONFLICT),
    ("prisoners", "The prison camps were first reported in the 1980s.", NOTHING),
    # A camp's number is no count of prisoners: the finder takes it for one (a false alarm).
    ("prisoners", "Camp 15 is one of the best known of the prison camps.", NOTHING),
    ("gdp-north", "Output per person in the North was about $620 a year.", AGREES),
    ("gdp-north", "North Korea's GDP per person is about $1,300.", CONFLICT),
    ("gdp-north", "Output per person in the North was under $600.", AGREES),
    ("gdp-north", "Output per person in the North was close to $2,000.", CONFLICT),
    ("gdp-north", "North Korea's GDP per person rose by 3% in 2016.", NOTHING),
    ("gdp-north", "North Korea's GDP per person, about 640 dollars, is tiny.", AGREES),
    ("gdp-north", "In 2011 output per person in the North was small.", NOTHING),
    ("border", "The border is about 250 km long.", AGREES),
    ("border", "The DMZ runs 248 kilometres from coast to coast.", AGREES),
    ("border", "The Demilitarized Zone runs 160 miles across the peninsula.", NOTHING),
    ("border", "The border is 4 km wide and about 400 km long.", CONFLICT),
    ("border", "The DMZ runs 300 km, by some accounts.", CONFLICT),
    ("border", "The border is guarded by 2 million soldiers.", NOTHING),
    ("border", "Since 27 July 1953 the border is closed.", NOTHING),
]

FOUND_AT_LEAST = 0.90
FALSE_ALARMS_AT_MOST = 0.05


def verdict(name: str, sentence: str) -> str:
    mentions = mentions_of(FACTS[name], sentence)
    if not mentions:
        return NOTHING
    return CONFLICT if any(mention.contradicts for mention in mentions) else AGREES


def test_the_corpus_is_large_enough_and_varied():
    assert len(CORPUS) >= 40
    assert {expected for *_, expected in CORPUS} == {CONFLICT, AGREES, NOTHING}


def test_the_finder_reports_contradictions_and_raises_few_false_alarms():
    said = [
        (name, sentence, expected, verdict(name, sentence)) for name, sentence, expected in CORPUS
    ]
    conflicts = [row for row in said if row[2] == CONFLICT]
    found = [row for row in conflicts if row[3] == CONFLICT]
    others = [row for row in said if row[2] != CONFLICT]
    false_alarms = [row for row in others if row[3] == CONFLICT]

    missed = [row[1] for row in conflicts if row[3] != CONFLICT]
    assert len(found) / len(conflicts) >= FOUND_AT_LEAST, missed
    assert len(false_alarms) / len(others) <= FALSE_ALARMS_AT_MOST, [r[1] for r in false_alarms]


def test_the_reference_pages_own_disagreement_is_found():
    body = "There are about 27,000 North Korean defectors to South Korea."

    [mention] = mentions_of(FACTS["resettled"], body)

    assert mention.contradicts and mention.figure.text == "about 27,000"


@pytest.mark.parametrize(
    "text",
    [
        "The war ended in 1953.",
        "It happened on 5 March 2023.",
        "In March 2011 they met.",
        "It was the 3rd attempt.",
        "The 1990s were hard.",
        "1. First, cross the river.",
        "It is a one-party state.",
        "No one knows; one of them left.",
    ],
)
def test_years_dates_ordinals_and_list_numbers_are_not_figures(text):
    assert figures_in(text) == []


def test_a_qualifier_is_a_word_of_its_own():
    # "some" inside "awesome" or "handsome" qualifies nothing.
    [figure] = figures_in("It was an awesome 40 days, a handsome 300 dollars.")[:1]

    assert figure.text == "40" and figure.qualifier == "exactly"
    assert [f.qualifier for f in figures_in("Some 40 days.")] == ["about"]


def test_a_site_of_many_facts_finds_each_mention_by_its_names():
    facts = [fact(measure=f"Measure number {n}", qualifier="about", value=Decimal(n * 100))
             for n in range(1, 200)]  # fmt: skip
    facts.append(FACTS["resettled"])

    mentions = Measures(facts).mentions_in(
        "About 27,000 North Korean defectors live there. Measure number 7 is 700."
    )

    assert [(m.fact.measure, m.figure.text) for m in mentions] == [
        ("Measure number 7", "700"),
        (FACTS["resettled"].measure, "About 27,000"),
    ]
