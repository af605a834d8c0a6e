"""Old or imported text naming a fact that is gone or unpublished: the page renders without the
figure, and the checks list the place, for an editor to mend."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from plainly.accounts.tests.factories import make_staff
from plainly.editorial.checks import all_findings
from plainly.facts.tests.factories import make_fact
from plainly.questions.models import FAQItem, KeyFact
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


def question_naming(fact_id: int, **fields):
    paragraph = f'<p>Since 1953, <a linktype="fact" id="{fact_id}">27,000</a> people crossed.</p>'
    answer = f'<p>Yes, <a id="{fact_id}" linktype="fact">27,000</a>.</p>'
    return make_question(
        make_topic(),
        body=[{"type": "paragraph", "value": paragraph}],
        faq_items=[FAQItem(question="Have many crossed?", answer=answer)],
        **fields,
    )


def missing():
    return [f for f in all_findings(TODAY) if f.kind == "missing"]


def test_a_fact_that_is_gone_is_left_out_of_the_page_and_listed(client):
    question = question_naming(987654)

    page = BeautifulSoup(client.get(question.url).content, "html.parser")

    assert " ".join(page.select_one(".answer-body p").get_text().split()) == (
        "Since 1953, people crossed."
    )
    assert "27,000" not in page.select_one(".faq__answer").get_text()
    found = missing()
    assert [(f.pages, f.reason.split(" names")[0]) for f in found] == [
        ((question,), "A paragraph"),
        ((question,), "The answer to “Have many crossed?”"),
    ]
    assert all("fact #987654" in f.reason for f in found)
    assert found[0].sentence == "Since 1953, people crossed."


def test_an_unpublished_fact_is_listed_and_a_published_one_is_not():
    draft = make_fact(measure="Drafted")
    draft.live = False
    draft.save()
    question_naming(draft.pk)
    question_naming(make_fact(measure="Published").pk)

    assert {f"fact #{draft.pk}" in f.reason for f in missing()} == {True}
    assert len(missing()) == 2


def test_a_key_fact_whose_fact_was_deleted_is_listed():
    fact = make_fact()
    question = make_question(
        make_topic(),
        facts=0,
        key_facts_heading="More",
        key_facts=[KeyFact(text="{fact} people crossed.", fact=fact)],
    )
    fact.delete()  # outside the admin, which refuses it: as an old database may hold

    [found] = missing()

    assert found.pages == (question,) and found.sentence == "{fact} people crossed."


def test_the_report_and_the_command_list_missing_facts(client, capsys):
    question = question_naming(987654)
    client.force_login(make_staff("Erin", group="Editors"))

    report = client.get("/admin/reports/fact-checks/").content.decode()
    with pytest.raises(SystemExit):
        call_command("check-facts")

    assert "fact #987654, which is missing or unpublished" in report
    assert f"/admin/pages/{question.pk}/edit/" in report
    assert "missing: " in capsys.readouterr().out
    checks = client.get(f"/admin/plainly/page-checks/{question.pk}/").json()["findings"]
    assert [(f["kind"], f["fix_label"]) for f in checks if f["kind"] == "missing"] == [
        ("missing", "Edit the page"),
        ("missing", "Edit the page"),
    ]
