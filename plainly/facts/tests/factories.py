"""Facts for tests, saved as an editor would publish them."""

import datetime
from decimal import Decimal

from plainly.facts.models import Fact


def fact(**fields) -> Fact:
    """An unsaved fact: a count of 33,000, true as of 2023, with a source."""
    values = {
        "measure": "North Koreans resettled in South Korea, total",
        "kind": "count",
        "qualifier": "exactly",
        "value": Decimal("33000"),
        "as_of": datetime.date(2023, 12, 31),
        "as_of_precision": "year",
        "source_title": "Statistics on North Korean defectors",
        "source_publisher": "Ministry of Unification",
        "source_url": "https://www.unikorea.go.kr/eng_unikorea/relations/statistics/defectors/",
        "source_accessed": datetime.date(2026, 10, 1),
    }
    values.update(fields)
    return Fact(**values)


def make_fact(**fields) -> Fact:
    """A published fact."""
    made = fact(**fields)
    made.full_clean()
    made.save()
    made.save_revision().publish()
    return made
