"""Corrections: recorded by an editor when publishing, shown under the byline, listed on the
site's corrections page newest first, and carried by the Article's JSON-LD."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset

from plainly.accounts.tests.factories import make_staff
from plainly.questions.demo import load_demo_site
from plainly.questions.models import Correction, QuestionPage
from plainly.questions.tests.factories import make_question, make_topic, question_form
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db

WRONG = "An earlier version said the border was 300 km long."
RIGHT = "It is about 250 km long."


def corrected(topic, *dates: datetime.date, **fields) -> QuestionPage:
    question = make_question(topic, **fields)
    for number, date in enumerate(dates):
        question.corrections.add(
            Correction(date=date, wrong=f"{WRONG} ({number})", right=RIGHT, sort_order=number)
        )
    question.save_revision().publish()
    return question


def test_a_page_shows_its_corrections_under_the_byline_newest_first(client):
    question = corrected(make_topic(), datetime.date(2026, 10, 1), datetime.date(2026, 11, 5))

    page = BeautifulSoup(client.get(question.url).content, "html.parser")

    box = page.select_one("header .corrections")
    assert box.find_previous_sibling(class_="byline") is not None
    assert [" ".join(li.get_text().split()) for li in box.select("li")] == [
        f"5 November 2026: {WRONG} (1) {RIGHT}",
        f"1 October 2026: {WRONG} (0) {RIGHT}",
    ]
    [article] = [
        doc
        for s in page.select("script[type='application/ld+json']")
        if (doc := json.loads(s.string))["@type"] == "Article"
    ]
    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": f"{WRONG} (1) {RIGHT}",
            "datePublished": "2026-11-05",
        },
        {
            "@type": "CorrectionComment",
            "text": f"{WRONG} (0) {RIGHT}",
            "datePublished": "2026-10-01",
        },
    ]


def test_a_page_without_corrections_says_nothing_of_them(client):
    question = make_question(make_topic())

    page = BeautifulSoup(client.get(question.url).content, "html.parser")

    assert page.select_one(".corrections") is None
    assert all(
        "correction" not in json.loads(s.string)
        for s in page.select("script[type='application/ld+json']")
    )


def test_the_corrections_page_lists_published_public_ones_newest_first(client):
    topic = make_topic()
    older = corrected(topic, datetime.date(2026, 9, 1), title="Older?")
    newer = corrected(topic, datetime.date(2026, 11, 1), title="Newer?")
    draft = make_question(topic, title="Draft?", publish=False)
    draft.corrections.add(Correction(date=datetime.date(2026, 11, 2), wrong="W.", right="R."))
    draft.save_revision()  # not published: its correction is not public yet
    private = corrected(topic, datetime.date(2026, 11, 3), title="Private?")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    page = BeautifulSoup(client.get("/corrections/").content, "html.parser")

    items = page.select(".corrections-list li")
    assert [li.select_one("a").get_text() for li in items] == [newer.title, older.title]
    assert items[0].select_one("a")["href"] == newer.url
    assert "1 November 2026" in items[0].get_text()
    assert page.select_one("footer a[href='/corrections/']") is not None


@pytest.fixture
def served_in_process(keep_the_test_connection, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]


def test_publishing_a_correction_purges_the_corrections_page(served_in_process, committed):
    topic = make_topic()
    question = make_question(topic, title="Soon corrected?")
    assert "Soon corrected?" not in call_wsgi("/corrections/")[2].decode()
    assert call_wsgi("/corrections/")[1]["X-Cache"] == "HIT"

    with committed():
        corrected_page = question.get_latest_revision_as_object()
        corrected_page.corrections.add(
            Correction(date=datetime.date(2026, 11, 1), wrong=WRONG, right=RIGHT)
        )
        corrected_page.save_revision().publish()

    assert call_wsgi("/corrections/")[1]["X-Cache"] == "STALE"  # while the new one renders
    assert "Soon corrected?" in call_wsgi("/corrections/")[2].decode()


@pytest.mark.parametrize(
    "row, message",
    [
        ({"date": "2026-11-01", "wrong": "", "right": RIGHT}, "This field is required."),
        ({"date": "2026-11-01", "wrong": WRONG, "right": "   "}, "This field is required."),
        ({"date": "2999-01-01", "wrong": WRONG, "right": RIGHT}, "cannot be dated in the future"),
    ],
)
def test_a_correction_needs_both_texts_and_a_date_not_to_come(client, row, message):
    topic = make_topic()
    client.force_login(make_staff("Erin", group="Editors"))
    data = {
        **question_form(corrections=inline_formset([row])),
        "action-publish": "action-publish",
    }

    response = client.post(f"/admin/pages/add/questions/questionpage/{topic.pk}/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not QuestionPage.objects.filter(slug="how-long-is-the-korean-border").exists()


def test_the_demo_shows_a_correction():
    load_demo_site()

    question = QuestionPage.objects.get(slug="what-is-the-korean-demilitarized-zone")

    assert "2 km wide" in question.corrections.get().wrong
