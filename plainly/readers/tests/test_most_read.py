"""The questions readers read most: a report and a dashboard panel for editors, and "Most read
this week" on the home and topic pages."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.pagecache.reads import add
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import make_question, make_topic
from plainly.testing.isolation import clear_cache

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/most-read/"


def reads(counts: dict) -> None:
    """Reads as the counting adds them: {(page or path, days ago): reads}."""
    today = timezone.localdate()
    add(
        Counter({
            (getattr(page, "url", page), today - datetime.timedelta(days=ago)): number
            for (page, ago), number in counts.items()
        })
    )  # fmt: skip


@pytest.fixture
def site():
    korea, japan = make_topic(title="Korea"), make_topic(title="Japan")
    return {
        "korea": korea,
        "japan": japan,
        "war": make_question(korea, title="Is the Korean War over?"),
        "border": make_question(korea, title="How long is the Korean border?"),
        "trains": make_question(japan, title="How fast are Japanese trains?"),
    }


def most_read_list(html: str) -> str:
    """The "Most read this week" list of a reader's page."""
    start = html.index("Most read this week")
    return html[start : html.index("</ol>", start)]


def titles_in(html: str, titles) -> list[str]:
    """``titles`` in the order ``html`` shows them."""
    return sorted((title for title in titles if title in html), key=html.index)


def test_editors_see_the_questions_read_most_in_the_period_they_choose(client, site):
    reads({
        (site["war"], 0): 4, (site["war"], 3): 2,
        (site["border"], 0): 1, (site["border"], 20): 40,
        (site["trains"], 1): 5,
        (site["korea"], 0): 99, ("/", 0): 500,  # a topic and the home page are not questions
    })  # fmt: skip
    client.force_login(make_staff("Erin", group="Editors"))
    titles = [site[name].title for name in ("war", "border", "trains")]

    week = client.get(REPORT).content.decode()
    today = client.get(REPORT, {"period": "day"}).content.decode()
    month = client.get(REPORT, {"period": "month"}).content.decode()

    assert titles_in(week, titles) == [
        site["war"].title,
        site["trains"].title,
        site["border"].title,
    ]
    assert "<td>6</td>" in week and "<td>99</td>" not in week and "<td>500</td>" not in week
    assert titles_in(today, titles) == [site["war"].title, site["border"].title]
    assert titles_in(month, titles)[0] == site["border"].title
    # One click from each row to the question's editor.
    assert f'href="/admin/pages/{site["war"].pk}/edit/"' in week


def test_a_question_no_longer_live_leaves_the_report(client, site):
    reads({(site["war"], 0): 3, (site["border"], 0): 2})
    QuestionPage.objects.get(pk=site["war"].pk).unpublish()
    client.force_login(make_staff("Erin", group="Editors"))

    html = client.get(REPORT).content.decode()

    assert site["war"].title not in html and site["border"].title in html


@pytest.mark.parametrize("period", ["forever", "", "<script>alert(1)</script>"])
def test_an_unknown_period_shows_the_week(client, site, period):
    reads({(site["war"], 2): 3})
    client.force_login(make_staff("Erin", group="Editors"))

    response = client.get(REPORT, {"period": period})

    assert response.status_code == 200
    assert site["war"].title in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_empty_report_says_so(client, site):
    client.force_login(make_staff("Erin", group="Editors"))

    assert (
        "No question has been read today." in client.get(REPORT, {"period": "day"}).content.decode()
    )


def test_readers_who_are_not_staff_do_not_see_it(client, site):
    client.force_login(make_member("Rita"))

    response = client.get(REPORT)

    assert response.status_code == 302 and "login" in response["Location"]


def test_the_dashboard_lists_this_weeks_most_read(client, site):
    reads({(site["trains"], 0): 7, (site["war"], 6): 3, (site["border"], 8): 50})
    client.force_login(make_staff("Erin", group="Editors"))

    html = client.get("/admin/").content.decode()

    panel = html[html.index("Most read this week") :]
    assert titles_in(panel, [site["trains"].title, site["war"].title, site["border"].title]) == [
        site["trains"].title,
        site["war"].title,
    ]
    assert "7 reads" in panel


def test_home_and_topic_pages_show_this_weeks_most_read_to_readers(client, site):
    assert "Most read this week" not in client.get("/").content.decode()  # nothing read yet
    private = make_question(site["korea"], title="Who may read this one?")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    reads({
        (site["border"], 1): 9, (site["trains"], 2): 5, (site["war"], 0): 2,
        (private, 0): 100,
    })  # fmt: skip
    clear_cache()
    titles = [q.title for q in (site["border"], site["trains"], site["war"], private)]

    home = client.get("/").content.decode()
    korea = client.get(site["korea"].url).content.decode()

    assert titles_in(most_read_list(home), titles) == [
        site["border"].title,
        site["trains"].title,
        site["war"].title,
    ]
    assert titles_in(most_read_list(korea), titles) == [
        site["border"].title,
        site["war"].title,
    ]


def test_a_question_withdrawn_leaves_the_list_at_once(client, site):
    reads({(site["border"], 1): 9, (site["war"], 0): 2})
    assert site["border"].title in most_read_list(client.get("/").content.decode())

    QuestionPage.objects.get(pk=site["border"].pk).unpublish()
    shown = most_read_list(client.get("/").content.decode())

    assert site["war"].title in shown and site["border"].title not in shown
