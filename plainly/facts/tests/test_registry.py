"""Editors keep facts in the admin: drafts, revisions and history, and bad input refused with a
message and nothing saved."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import ModelLogEntry

from plainly.accounts.tests.factories import make_staff
from plainly.facts.models import Fact
from plainly.facts.tests.factories import make_fact

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/facts/fact/add/"


def form(**changes) -> dict:
    data = {
        "measure": "North Koreans resettled in South Korea, total",
        "aliases": "defectors to the South\nNorth Korean defectors",
        "kind": "count",
        "qualifier": "more_than",
        "value": "33000",
        "low": "",
        "high": "",
        "unit": "",
        "currency": "",
        "as_of": "2023-12-31",
        "as_of_precision": "year",
        "source_title": "Statistics on North Korean defectors",
        "source_publisher": "Ministry of Unification",
        "source_url": "https://www.unikorea.go.kr/eng_unikorea/relations/statistics/defectors/",
        "source_accessed": "2026-10-01",
        "archive_url": "",
        "check_after": "",
        "status": "current",
        "superseded_by": "",
        "note": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def editor(client):
    client.force_login(make_staff("Erin", group="Editors"))


def errors_of(response) -> dict[str, str]:
    page = BeautifulSoup(response.content, "html.parser")
    found = {}
    for field in page.select("[data-field-wrapper]"):
        message = field.select_one(".error-message")
        control = field.select_one("[name]")
        if message and control:
            found[control["name"]] = message.get_text(" ", strip=True)
    return found


def test_an_editor_saves_a_draft_then_publishes_and_history_keeps_both(client, editor):
    drafted = client.post(ADD, form())
    fact = Fact.objects.get()
    assert drafted.status_code == 302
    assert not fact.live and fact.revisions.count() == 1

    published = client.post(
        f"/admin/snippets/facts/fact/edit/{fact.pk}/",
        form(value="34000", **{"action-publish": "publish"}),
    )

    assert published.status_code == 302
    fact.refresh_from_db()
    assert fact.live and fact.value == 34000 and fact.revisions.count() == 2
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(fact.pk)).values_list("action", flat=True)
    )
    assert {"wagtail.create", "wagtail.publish"} <= actions
    listing = client.get("/admin/snippets/facts/fact/").content.decode()
    assert "more than 34,000 (as of 2023)" in listing


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"qualifier": "between", "low": "30000", "high": "25000"}, "high", "below the low end"),
        ({"qualifier": "between", "low": "25000"}, "low", "both ends"),
        ({"value": "-4"}, "value", "cannot be negative"),
        ({"value": "2.5"}, "value", "whole number"),
        ({"kind": "money", "currency": "XYZ", "value": "620"}, "currency", "not a currency code"),
        ({"kind": "money", "value": "620"}, "currency", "Say which currency"),
        ({"currency": "USD"}, "currency", "Only an amount of money"),
        ({"as_of": "2099-01-01"}, "as_of", "still to come"),
        ({"source_url": "ftp://example.org/figures.csv"}, "source_url", "http or https"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "http or https"),
        ({"archive_url": "not a web address"}, "archive_url", "http or https"),
        ({"source_accessed": ""}, "source_accessed", "was read"),
        ({"status": "superseded"}, "superseded_by", "replaces this one"),
        ({"value": "1e400"}, "value", ""),
        ({"value": "twelve"}, "value", ""),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, editor, changes, field, message
):
    response = client.post(ADD, form(**changes))

    assert response.status_code == 200
    assert message in errors_of(response).get(field, "missing"), errors_of(response)
    assert not Fact.objects.exists()


def test_a_fact_cannot_replace_itself(client, editor):
    fact = make_fact()

    response = client.post(
        f"/admin/snippets/facts/fact/edit/{fact.pk}/",
        form(status="superseded", superseded_by=str(fact.pk)),
    )

    assert "cannot replace itself" in errors_of(response)["superseded_by"]
    fact.refresh_from_db()
    assert fact.status == "current"


def test_the_fact_form_runs_no_inline_script(client, editor):
    """The admin's policy refuses inline scripts: the successor's chooser and the date pickers
    start from data attributes."""
    page = BeautifulSoup(client.get(ADD).content, "html.parser")

    runnable = [
        script
        for script in page.select("script:not([src])")
        if script.get("type", "text/javascript") == "text/javascript"
    ]
    assert runnable == []
    assert page.select_one('[data-plainly-start="SnippetChooser"]')
    assert page.select_one('[data-plainly-start="initDateChooser"]')
