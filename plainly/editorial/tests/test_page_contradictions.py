"""Figures in pages that contradict a fact, and facts that contradict each other, are found: in
published pages and in drafts about to be published."""

import datetime

import pytest
from django.core.management import call_command

from plainly.accounts.tests.factories import make_staff
from plainly.editorial.checks import all_findings, findings_for_page, page_text
from plainly.facts.tests.factories import make_fact
from plainly.questions.demo import load_demo_site
from plainly.questions.models import FAQItem, QuestionPage
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


def resettled(**fields):
    return make_fact(
        aliases="North Korean defectors\ndefected to the South",
        qualifier="more_than",
        value=33000,
        as_of=datetime.date(2025, 12, 31),
        **fields,
    )


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def contradictions():
    return [f for f in all_findings(TODAY) if f.kind == "contradiction"]


def test_a_page_contradicting_a_fact_is_found_and_one_agreeing_is_not():
    fact = resettled()
    topic = make_topic()
    wrong = make_question(
        topic,
        title="Wrong?",
        body=[paragraph("<p>About 27,000 North Korean defectors live there.</p>")],
    )
    make_question(
        topic,
        title="Right?",
        body=[paragraph("<p>Some 34,000 North Korean defectors live there.</p>")],
    )
    make_question(  # its figure is the fact itself: nothing to compare
        topic,
        title="Bound?",
        body=[
            paragraph(
                f'<p>Over <a linktype="fact" id="{fact.pk}">27,000</a> North Korean defectors.</p>'
            )
        ],
    )

    [finding] = contradictions()

    assert finding.pages == (wrong,)
    assert finding.sentence == "About 27,000 North Korean defectors live there."
    assert "“About 27,000”" in finding.reason and "“more than 33,000”" in finding.reason


def test_a_draft_about_to_be_published_is_checked_too():
    resettled()
    question = make_question(make_topic(), title="Draft?")
    question.faq_items = [
        FAQItem(question="How many?", answer="Nearly 20,000 North Korean defectors.")
    ]
    question.save_revision()  # not published: the editor is still at work

    [finding] = contradictions()

    assert finding.pages[0].pk == question.pk
    assert "Nearly 20,000" in finding.sentence


def test_two_facts_of_one_measure_and_year_that_disagree_are_found():
    resettled()
    make_fact(qualifier="about", value=27000, as_of=datetime.date(2025, 6, 30))
    make_fact(qualifier="about", value=27000, as_of=datetime.date(2014, 12, 31))  # another year

    found = [f for f in contradictions() if not f.sentence]

    assert len(found) == 1 and "same measure and year" in found[0].reason


def test_the_demo_draft_repeats_the_reference_pages_disagreement_and_is_found(capsys):
    load_demo_site()

    found = contradictions()

    assert [f.pages[0].title for f in found] == [
        "How many North Koreans have defected to the South?"
    ]
    assert "about 27,000" in found[0].reason
    with pytest.raises(SystemExit):
        call_command("check-facts")
    out = capsys.readouterr().out
    assert "contradiction: North Koreans resettled in South Korea, total" in out
    assert "in: There are about 27,000 North Korean defectors to South Korea" in out


def test_the_report_shows_contradictions_with_their_sentence(client):
    resettled()
    make_question(make_topic(), body=[paragraph("<p>About 27,000 North Korean defectors.</p>")])
    client.force_login(make_staff("Erin", group="Editors"))

    report = client.get("/admin/reports/fact-checks/").content.decode()

    assert "About 27,000 North Korean defectors." in report
    assert "Contradiction" in report


def test_figures_no_fact_backs_are_listed_with_a_form_to_make_them_facts(client):
    make_question(
        make_topic(),
        title="How long is the border?",
        short_answer="It runs for about 250 km.",
        body=[paragraph("<p>It was drawn in 1953 and is watched by 2 armies.</p>")],
        faq=0,
        facts=0,
    )

    unsourced = [f for f in all_findings(TODAY) if f.kind == "unsourced"]

    assert [f.stated.text for f in unsourced] == ["about 250 km", "2"]
    assert unsourced[0].sentence == "It runs for about 250 km."
    client.force_login(make_staff("Erin", group="Editors"))
    report = client.get("/admin/reports/fact-checks/").content.decode()
    assert "Make it a fact" in report
    form = client.get(f"/admin/snippets/facts/fact/add/?{unsourced[0].new_fact_query}")
    fields = form.context["form"].initial
    assert (fields["kind"], fields["qualifier"], fields["value"], fields["unit"]) == (
        "measurement",
        "about",
        "250",
        "km",
    )
    assert "It runs for about 250 km." in fields["note"]


def test_the_page_editor_is_told_of_the_pages_findings_before_publishing(client):
    stale = make_fact(
        measure="Prisoners",
        aliases="prison camps",
        qualifier="about",
        value=100000,
        as_of=datetime.date(2011, 12, 31),
    )
    resettled()
    question = make_question(
        make_topic(),
        short_answer="Many.",
        body=[paragraph(f'<p>About <a linktype="fact" id="{stale.pk}">x</a> in the camps.</p>')],
        faq=0,
        facts=0,
    )
    question.faq_items = [
        FAQItem(question="How many?", answer="About 27,000 North Korean defectors.")
    ]
    question.save_revision()  # the draft the editor is about to publish
    client.force_login(make_staff("Erin", group="Editors"))

    findings = client.get(f"/admin/plainly/page-checks/{question.pk}/").json()["findings"]

    assert [f["kind"] for f in findings] == ["stale", "contradiction", "unsourced"]
    assert findings[0]["fix_url"] == f"/admin/snippets/facts/fact/edit/{stale.pk}/"
    assert findings[1]["sentence"] == "About 27,000 North Korean defectors."
    assert findings[2]["fix_label"] == "Make it a fact"
    editor = client.get(f"/admin/pages/{question.pk}/edit/").content.decode()
    assert "editorial/page-checks" in editor


def test_only_those_who_may_edit_the_page_see_its_checks(client):
    question = make_question(make_topic())
    client.force_login(make_staff("Mo", group="Moderators"))

    refused = client.get(f"/admin/plainly/page-checks/{question.pk}/")

    assert refused.status_code in (302, 403) and b"findings" not in refused.content


def test_a_small_count_in_words_is_no_unsourced_figure_unless_qualified():
    make_question(
        make_topic(),
        short_answer="The two Koreas have met three times; fewer than five people know why.",
        body=[paragraph("<p>Words only.</p>")],
        faq=0,
        facts=0,
    )

    unsourced = [f.stated.text for f in all_findings(TODAY) if f.kind == "unsourced"]

    assert unsourced == ["fewer than five"]


def test_a_fact_in_an_faq_answer_is_checked_as_the_pages_and_is_no_figure_of_its_words():
    stale = make_fact(
        measure="Prisoners", qualifier="about", value=100000, as_of=datetime.date(2011, 12, 31)
    )
    bound = (
        f'<p>Some <a linktype="fact" id="{stale.pk}">90,000</a> &amp; more, <b>we think</b>.</p>'
    )
    question = make_question(
        make_topic(),
        short_answer="Many.",
        body=[paragraph("<p>Words only.</p>")],
        faq_items=[FAQItem(question="How many?", answer=bound)],
        facts=0,
    )

    found = findings_for_page(question, TODAY)

    assert [(f.kind, f.fact) for f in found] == [("stale", stale)]  # not "90,000" unsourced
    assert "Some & more, we think." in page_text(question)


def test_every_figure_of_the_demos_north_korea_page_is_a_fact():
    load_demo_site()
    question = QuestionPage.objects.get(slug="do-many-south-koreans-defect-to-north-korea")

    found = findings_for_page(question, TODAY)

    assert [f.kind for f in found] == ["stale", "stale"]  # the two GDP figures, kept stale
