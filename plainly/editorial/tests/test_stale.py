"""Facts gone stale are listed with the pages showing them: in the admin's report, on the
dashboard and by ``plainly check-facts``, which fails while there are any."""

import datetime

import pytest
from django.core.management import call_command

from plainly.accounts.tests.factories import make_staff
from plainly.editorial.checks import months_before, stale_facts
from plainly.editorial.models import EditorialSettings
from plainly.facts.tests.factories import make_fact
from plainly.questions.demo import load_demo_site
from plainly.questions.models import KeyFact
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


def day(year, month=12, dd=31) -> datetime.date:
    return datetime.date(year, month, dd)


def shown_on_a_page(fact, title="Is the border long?"):
    # Words without figures of their own: those would be listed as unsourced.
    return make_question(
        make_topic(),
        title=title,
        short_answer="It is long.",
        body=[{"type": "paragraph", "value": "<p>Longer than most.</p>"}],
        faq=0,
        key_facts_heading="More",
        key_facts=[KeyFact(text="The border: {fact}.", fact=fact)],
    )


def test_a_passed_check_date_or_an_old_figure_makes_a_fact_stale():
    passed = make_fact(measure="A", as_of=day(2025), check_after=datetime.date(2026, 1, 1))
    old = make_fact(measure="B", as_of=day(2023, 6, 30))  # 24 months by default
    own_limit = make_fact(measure="C", as_of=day(2025, 1, 31), stale_after_months=12)
    make_fact(measure="D", as_of=day(2025), check_after=datetime.date(2027, 1, 1))
    make_fact(measure="E", as_of=day(2025, 1, 31), stale_after_months=36)
    superseded_by = make_fact(measure="F", as_of=day(2025))
    gone = make_fact(measure="F", as_of=day(2010))
    gone.status, gone.superseded_by = "superseded", superseded_by
    gone.save()

    found = stale_facts(TODAY)

    assert [f.fact for f in found] == [old, own_limit, passed]
    assert found[2].reason == "To be checked again after 1 January 2026."
    assert "24 months" in found[0].reason and "12 months" in found[1].reason


def test_the_sites_policy_sets_how_old_a_figure_may_grow():
    fact = make_fact(as_of=day(2025, 1, 31))
    policy = EditorialSettings.load()
    assert stale_facts(TODAY) == []

    policy.facts_stale_after_months = 6
    policy.save()

    assert [f.fact for f in stale_facts(TODAY)] == [fact]


def test_each_kind_of_figure_can_have_its_own_limit_and_a_fact_its_own_over_it():
    count = make_fact(measure="People", kind="count", value=100, as_of=day(2025, 1, 31))
    money = make_fact(
        measure="Price", kind="money", currency="USD", value=620, as_of=day(2025, 1, 31)
    )
    make_fact(
        measure="Income",
        kind="money",
        currency="USD",
        value=700,
        as_of=day(2025, 1, 31),
        stale_after_months=36,  # the fact's own limit comes first
    )
    policy = EditorialSettings.load()
    policy.money_stale_after_months = 12
    policy.save()

    found = stale_facts(TODAY)

    assert [f.fact for f in found] == [money]
    assert "12 months" in found[0].reason
    policy.counts_stale_after_months = 6
    policy.save()
    assert [f.fact for f in stale_facts(TODAY)] == [count, money]


def test_months_before_keeps_to_real_days():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_check_facts_lists_stale_facts_with_their_pages_and_fails(capsys):
    fact = make_fact(
        measure="GDP per person, North Korea",
        kind="money",
        currency="USD",
        qualifier="about",
        value=620,
        as_of=day(2011),
    )
    question = shown_on_a_page(fact)

    with pytest.raises(SystemExit) as failed:
        call_command("check-facts")

    out = capsys.readouterr()
    assert failed.value.code == 1
    assert "stale: GDP per person, North Korea: about US$620 (as of 2011)" in out.out
    assert f"shown on {question.url}" in out.out
    assert "1 finding." in out.err


def test_check_facts_passes_when_every_fact_is_in_date(capsys):
    make_fact(as_of=datetime.date.today() - datetime.timedelta(days=30))

    call_command("check-facts")

    assert "No findings" in capsys.readouterr().out


def test_editors_see_the_report_and_the_dashboard_panel(client):
    fact = make_fact(measure="Prisoners", as_of=day(2011))
    question = shown_on_a_page(fact, title="How many are held?")
    client.force_login(make_staff("Erin", group="Editors"))

    report = client.get("/admin/reports/fact-checks/").content.decode()
    dashboard = client.get("/admin/").content.decode()

    assert "Prisoners" in report and "How many are held?" in report
    assert f"/admin/snippets/facts/fact/edit/{fact.pk}/" in report
    assert "Facts to check" in dashboard and "<strong>1</strong> fact to check" in dashboard
    assert question.title in report


def test_moderators_do_not_see_fact_checks(client):
    client.force_login(make_staff("Mo", group="Moderators"))

    refused = client.get("/admin/reports/fact-checks/")
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's way of saying no
    assert "Facts to check" not in client.get("/admin/").content.decode()


def test_the_demo_reports_its_stale_figures():
    load_demo_site()

    stale = {finding.fact.measure: finding for finding in stale_facts(TODAY)}

    assert set(stale) == {"GDP per person, North Korea", "GDP per person, South Korea"}
    titles = [page.title for page in stale["GDP per person, North Korea"].pages]
    assert titles == ["Do many South Koreans defect to North Korea?"]
