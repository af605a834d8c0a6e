"""Review dates: each question falls due by its own, its topic's or the site's interval, or as soon
as a fact it shows goes stale; an editor's "reviewed" is recorded, kept in history and shown to
readers; the due report and the weekly digest list what is due."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from plainly.accounts.tests.factories import make_staff
from plainly.editorial import digest, reviews
from plainly.editorial.models import EditorialSettings, ReviewDigest
from plainly.facts.tests.factories import make_fact
from plainly.questions.models import KeyFact, QuestionPage
from plainly.questions.tests.factories import make_question, make_topic, question_form
from plainly.testing.mail import body_of

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def due_titles(**filters) -> list[str]:
    return [due.page.title for due in reviews.due_for_review(**filters)]


@pytest.fixture
def editor():
    return make_staff("Mina Park", group="Editors")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 11, 15), 2, datetime.date(2027, 1, 15)),
        (datetime.date(2026, 3, 1), 24, datetime.date(2028, 3, 1)),
    ],
)
def test_months_later_stays_within_the_month(day, months, expected):
    assert reviews.months_later(day, months) == expected


def test_a_question_falls_due_by_its_own_then_its_topics_then_the_sites_interval():
    policy = EditorialSettings.load()
    policy.review_every_months = 12
    policy.save()
    quick, slow = make_topic(title="News"), make_topic(title="History")
    quick.review_every_months = 3
    quick.save_revision().publish()
    ten_months_ago = days_ago(305)
    make_question(quick, title="By its topic?", last_reviewed=ten_months_ago)
    make_question(slow, title="By the site?", last_reviewed=ten_months_ago)
    make_question(slow, title="By its own?", last_reviewed=days_ago(70), review_every_months=2)
    make_question(
        quick, title="Own over topic?", last_reviewed=days_ago(120), review_every_months=6
    )
    make_question(slow, title="Long ago?", last_reviewed=days_ago(400))

    assert sorted(due_titles()) == ["By its own?", "By its topic?", "Long ago?"]


def test_a_question_showing_a_stale_fact_is_due_however_recently_reviewed():
    stale = make_fact(as_of=datetime.date(2020, 12, 31))
    topic = make_topic()
    make_question(
        topic,
        title="Shows a stale fact?",
        last_reviewed=days_ago(1),
        key_facts=[KeyFact(text="{fact} resettled.", fact=stale)],
    )
    make_question(topic, title="Reviewed yesterday?", last_reviewed=days_ago(1))

    (due,) = reviews.due_for_review()

    assert due.page.title == "Shows a stale fact?"
    assert due.stale_facts == [stale.measure]
    assert due.days_overdue == 0


def test_drafts_and_unpublished_questions_are_not_due():
    make_question(make_topic(), title="Unpublished?", last_reviewed=days_ago(900), publish=False)

    assert due_titles() == []


def test_an_editor_marks_a_question_reviewed(client, editor):
    page = make_question(make_topic(), title="Is the war over?", last_reviewed=days_ago(400))
    client.force_login(editor)
    assert "Is the war over?" in client.get("/admin/reports/due-for-review/").content.decode()
    before = timezone.localdate()

    response = client.post(f"/admin/plainly/reviewed/{page.pk}/", follow=True)

    assert "marked as reviewed" in response.content.decode()
    page.refresh_from_db()
    assert page.last_reviewed in {before, timezone.localdate()}  # the day may turn meanwhile
    assert page.reviewed_by == editor
    entry = PageLogEntry.objects.get(page=page, action=reviews.REVIEWED)
    assert entry.user == editor
    history = client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    assert "Marked as reviewed" in history
    assert "Is the war over?" not in client.get("/admin/reports/due-for-review/").content.decode()


def test_readers_see_who_reviewed_the_page_and_when(client, editor):
    page = make_question(make_topic(), title="Is the war over?")
    reviews.record_review(page, editor, today=datetime.date(2026, 11, 2))

    shown = BeautifulSoup(client.get(page.url).content, "html.parser")

    byline = " ".join(shown.select_one(".byline").text.split())
    assert "Last reviewed 2 November 2026 by Mina Park" in byline
    documents = [json.loads(s.string) for s in shown.select("script[type='application/ld+json']")]
    article = next(d for d in documents if d["@type"] == "Article")
    assert article["lastReviewed"] == "2026-11-02"
    assert article["reviewedBy"] == {"@type": "Person", "name": "Mina Park"}


def test_a_page_never_marked_reviewed_names_nobody(client):
    page = make_question(make_topic(), title="Is the war over?", last_reviewed=days_ago(3))

    shown = BeautifulSoup(client.get(page.url).content, "html.parser")

    assert " by " not in shown.select_one(".byline").text.split("Last reviewed")[1]
    assert "reviewedBy" not in client.get(page.url).content.decode()


def test_marking_reviewed_leaves_a_draft_alone_and_publishing_it_keeps_the_review(client, editor):
    page = make_question(make_topic(), title="Is the war over?", last_reviewed=days_ago(400))
    draft = page.get_latest_revision_as_object()
    draft.byline = "A new byline"
    revision = draft.save_revision()

    reviewed_on = datetime.date(2026, 12, 1)
    reviews.record_review(page, editor, today=reviewed_on)
    assert QuestionPage.objects.get(pk=page.pk).latest_revision_id == revision.pk
    Revision.objects.get(pk=revision.pk).publish()  # later, as the page editor would

    published = QuestionPage.objects.get(pk=page.pk)
    assert published.byline == "A new byline"
    assert (published.last_reviewed, published.reviewed_by) == (reviewed_on, editor)


def test_an_alias_is_reviewed_with_its_page_and_a_copy_is_reviewed_by_nobody(editor):
    korea, japan = make_topic(title="Korea"), make_topic(title="Japan")
    page = make_question(korea, title="Is the war over?", last_reviewed=days_ago(400))
    alias = page.create_alias(parent=japan, update_slug="is-the-war-over-alias")
    copy = page.copy(to=japan, update_attrs={"slug": "is-the-war-over-copy"})

    reviews.record_review(page, editor, today=datetime.date(2026, 12, 1))

    alias = QuestionPage.objects.get(pk=alias.pk)
    assert (alias.last_reviewed, alias.reviewed_by) == (datetime.date(2026, 12, 1), editor)
    assert QuestionPage.objects.get(pk=copy.pk).reviewed_by is None
    assert due_titles() == []  # the alias is not listed apart


def test_only_a_live_question_can_be_marked_reviewed(client, editor):
    page = make_question(make_topic(), title="Not out yet?", publish=False)
    client.force_login(editor)

    response = client.post(f"/admin/plainly/reviewed/{page.pk}/", follow=True)

    assert "is not live" in response.content.decode()
    assert QuestionPage.objects.get(pk=page.pk).reviewed_by is None


def test_the_report_filters_by_topic_and_by_who_reviewed_and_sorts_by_overdue(client, editor):
    other = make_staff("Jun Seo", group="Editors")
    korea, japan = make_topic(title="Korea"), make_topic(title="Japan")
    make_question(korea, title="Korea, a little overdue?", last_reviewed=days_ago(380))
    make_question(korea, title="Korea, long overdue?", last_reviewed=days_ago(900))
    make_question(japan, title="Japan, overdue?", last_reviewed=days_ago(500))
    for page in QuestionPage.objects.filter(title__startswith="Korea"):
        QuestionPage.objects.filter(pk=page.pk).update(reviewed_by=other)
    client.force_login(editor)

    def listed(query: str) -> list[str]:
        report = client.get(f"/admin/reports/due-for-review/?{query}").content
        return [link.text for link in BeautifulSoup(report, "html.parser").select("tbody td a")]

    assert listed("") == ["Korea, long overdue?", "Japan, overdue?", "Korea, a little overdue?"]
    assert listed(f"topic={japan.pk}") == ["Japan, overdue?"]
    assert listed(f"reviewer={other.pk}&order=title") == [
        "Korea, a little overdue?",
        "Korea, long overdue?",
    ]
    assert listed("topic=not-a-number&order=nonsense") == listed("")  # junk filters: ignored


@pytest.mark.parametrize("months", ["0", "-3"])
def test_a_review_interval_below_one_month_is_refused(client, editor, months):
    page = make_question(make_topic(), title="Is the war over?")
    admin = make_staff("Ada", superuser=True)
    client.force_login(admin)

    policy = client.post(
        f"/admin/settings/editorial/editorialsettings/{EditorialSettings.load().pk}/",
        {"facts_stale_after_months": "24", "review_every_months": months},
    )
    edited = client.post(
        f"/admin/pages/{page.pk}/edit/",
        question_form(title=page.title, slug=page.slug, review_every_months=months),
    )

    assert policy.status_code == 200 and "review_every_months" in policy.context["form"].errors
    assert edited.status_code == 200 and "review_every_months" in edited.context["form"].errors
    assert EditorialSettings.load().review_every_months == 12
    assert QuestionPage.objects.get(pk=page.pk).latest_revision_id == page.latest_revision_id


MONDAY_9AM = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


def test_the_weekly_digest_lists_overdue_questions_and_stale_facts(editor, mailbox):
    make_staff("Wendy", group="Writers")
    make_fact(measure="Defectors resettled", as_of=datetime.date(2020, 12, 31))
    make_question(make_topic(), title="Long overdue?", last_reviewed=datetime.date(2024, 1, 5))

    assert digest.send_review_digest_if_due(MONDAY_9AM) == 1

    (message,) = mailbox.messages
    assert message["To"].addresses[0].username == editor.email.split("@")[0]
    assert message["Subject"] == "Due for review this week: 1 question, 1 stale fact"
    text = body_of(message)
    assert "Long overdue?" in text and "days overdue" in text
    assert "Defectors resettled" in text
    assert "/admin/reports/due-for-review/" in text


def test_the_digest_goes_once_a_week_and_only_with_something_due(editor, mailbox):
    page = make_question(make_topic(), title="Overdue?", last_reviewed=datetime.date(2024, 1, 5))
    monday_early = MONDAY_9AM.replace(hour=5)

    assert digest.send_review_digest_if_due(monday_early) == 0
    assert digest.send_review_digest_if_due(MONDAY_9AM) == 1
    assert digest.send_review_digest_if_due(MONDAY_9AM + datetime.timedelta(days=2)) == 0
    assert len(mailbox.messages) == 1

    QuestionPage.objects.filter(pk=page.pk).update(last_reviewed=datetime.date(2026, 12, 10))
    next_week = MONDAY_9AM + datetime.timedelta(days=7)
    assert digest.send_review_digest_if_due(next_week) == 0
    assert ReviewDigest.objects.get(week=next_week.date()).overdue == 0  # checked, not again
    assert len(mailbox.messages) == 1


def test_a_worker_stopped_on_monday_sends_the_digest_later_in_the_week(editor, mailbox):
    make_question(make_topic(), title="Long overdue?", last_reviewed=datetime.date(2024, 1, 5))

    assert digest.send_review_digest_if_due(MONDAY_9AM + datetime.timedelta(days=3)) == 1
    assert ReviewDigest.objects.get().week == MONDAY_9AM.date()
