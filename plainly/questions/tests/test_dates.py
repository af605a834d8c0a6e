"""The dates an article shows are written as Django's ``date`` filter writes them."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

FILTERS = Template(
    "{% for value in values %}"
    '<time datetime="{{ value|date:\'Y-m-d\' }}">{{ value|date:"j F Y" }}</time>|'
    "{% endfor %}"
)
TAG = Template("{% load questions_tags %}{% for value in values %}{% day value %}|{% endfor %}")


@pytest.mark.parametrize("language", ["en-gb", "fr"])
def test_a_day_is_written_as_the_date_filter_writes_it(language):
    values = [
        datetime.date(2026, 11, 1),
        datetime.date(2014, 5, 31),
        datetime.date(999, 12, 9),
        None,
        datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC),  # 2 March in Seoul
    ]
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Seoul")):
        by_filters = FILTERS.render(Context({"values": values}))
        by_tag = TAG.render(Context({"values": values}))

    assert by_tag == by_filters
    assert ('"2026-03-02">2 March 2026<' in by_tag) == (language == "en-gb")  # the day in Seoul
