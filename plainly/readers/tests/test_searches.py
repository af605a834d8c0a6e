"""Searches that failed readers: counted by their words, whether a result was opened, kept
without anything of who searched, and turned into a draft question in one click."""

import pytest
from django.db import connection

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import make_question, make_topic
from plainly.readers.models import SearchCount

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
ADDRESS = "198.51.100.42"
REPORT = "/admin/reports/failed-searches/"


@pytest.fixture
def korea():
    topic = make_topic(title="Korea")
    make_question(topic, title="Is the Korean War over?")
    return topic


def search(client, query: str, *, agent: str = BROWSER, **params):
    return client.get(
        "/search/", {"q": query, **params}, HTTP_USER_AGENT=agent, REMOTE_ADDR=ADDRESS
    )


def opened(client, query: str, **headers):
    return client.post("/readers/search-opened/", {"q": query}, REMOTE_ADDR=ADDRESS, **headers)


def counts() -> dict[str, tuple[int, int, int]]:
    return {row.words: (row.searches, row.empty, row.opened) for row in SearchCount.objects.all()}


def test_searches_are_counted_by_their_words_and_what_they_found(client, korea):
    search(client, "Korean  WAR")
    search(client, "korean war")
    search(client, "mars colony")
    search(client, "korean war", page="2")  # the same search, read further: not another

    assert counts() == {"korean war": (2, 0, 0), "mars colony": (1, 1, 0)}


def test_the_search_page_tells_of_a_result_opened(client, korea):
    html = search(client, "korean war").content.decode()
    assert 'data-query="korean war"' in html and "search-opened.js" in html

    assert opened(client, "Korean war").status_code == 204
    assert counts() == {"korean war": (1, 0, 1)}
    # A beacon counts no more than the searches that found something.
    opened(client, "korean war")
    opened(client, "never searched for")
    assert counts() == {"korean war": (1, 0, 1)}


@pytest.mark.parametrize(
    "query",
    [
        "call me on 0151 496 0000",
        "alice@example.org password",
        "order 12345678",
        "https://example.org/page",
    ],
)
def test_searches_that_may_hold_something_of_the_reader_are_not_kept(client, korea, query):
    search(client, query)

    assert counts() == {}


def test_crawlers_searches_are_not_counted(client, korea):
    search(client, "korean war", agent="Mozilla/5.0 (compatible; Googlebot/2.1)")
    search(client, "korean war", agent="")

    assert counts() == {}


def test_nothing_of_who_searched_is_kept(client, korea):
    search(client, "mars colony")
    opened(client, "mars colony")

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {SearchCount._meta.db_table}")  # noqa: S608 - our name
        stored = repr(cursor.fetchall())
    assert ADDRESS not in stored and "Firefox" not in stored
    assert {field.name for field in SearchCount._meta.fields} == {
        "id", "words", "day", "searches", "empty", "opened"
    }  # fmt: skip


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": "https://elsewhere.example"}, {"HTTP_REFERER": "https://x.example/"}],
)
def test_a_beacon_from_another_site_is_refused(client, korea, headers):
    search(client, "korean war")

    assert opened(client, "korean war", **headers).status_code == 403
    assert counts() == {"korean war": (1, 0, 0)}


def test_a_flood_of_beacons_is_held(client, korea):
    answers = [opened(client, "korean war").status_code for _ in range(31)]

    assert answers[:30] == [204] * 30 and answers[30] == 429


def test_editors_see_failed_searches_and_start_the_question_readers_wanted(client, korea):
    for query in ["mars colony", "mars colony", "korean war", "korean war"]:
        search(client, query)
    opened(client, "korean war")  # one of the two found what they wanted
    search(client, "<script>alert(1)</script> mars")
    editor = make_staff("Erin", group="Editors")
    client.force_login(editor)

    html = client.get(REPORT).content.decode()

    assert html.index("mars colony") < html.index("korean war")  # two failed before one
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html
    response = client.post(
        "/admin/readers/question-from-search/", {"words": "mars colony", "topic": korea.pk}
    )
    draft = QuestionPage.objects.get(title="Mars colony")
    assert response["Location"] == f"/admin/pages/{draft.pk}/edit/"
    assert not draft.live and draft.get_parent().pk == korea.pk
    assert draft.get_latest_revision().user == editor


def test_a_question_needs_a_topic_and_the_right_to_add_one(client, korea):
    client.force_login(make_staff("Erin", group="Editors"))
    response = client.post("/admin/readers/question-from-search/", {"words": "mars colony"})
    assert response.status_code == 302 and response["Location"] == REPORT
    assert not QuestionPage.objects.filter(title="Mars colony").exists()

    client.force_login(make_member("Rita"))
    response = client.post(
        "/admin/readers/question-from-search/", {"words": "mars colony", "topic": korea.pk}
    )
    assert response.status_code == 302 and "login" in response["Location"]
    assert not QuestionPage.objects.filter(title="Mars colony").exists()


def test_a_beacon_with_characters_no_search_holds_changes_nothing(client, korea):
    search(client, "korean war")

    assert opened(client, "korean\x00war").status_code == 204
    assert opened(client, "korean war\n").status_code == 204
    assert counts() == {"korean war": (1, 0, 1)}


def test_one_address_cannot_fill_the_report(client, korea):
    for n in range(25):
        search(client, f"flood words {chr(97 + n)}")

    assert len(counts()) == 20  # a minute's limit: the rest were searched, not counted


def test_old_search_counts_are_deleted(client, korea):
    import datetime

    from plainly.readers.retention import SEARCHES_KEPT_DAYS, forget_old_records

    search(client, "mars colony")
    later = SearchCount.objects.get().day + datetime.timedelta(days=SEARCHES_KEPT_DAYS)
    forget_old_records(later)
    assert counts() != {}
    forget_old_records(later + datetime.timedelta(days=1))
    assert counts() == {}


def test_creating_the_same_question_twice_opens_the_first_draft(client, korea):
    client.force_login(make_staff("Erin", group="Editors"))
    sent = {"words": "каша рецепт", "topic": korea.pk}

    first = client.post("/admin/readers/question-from-search/", sent)
    second = client.post("/admin/readers/question-from-search/", sent)

    draft = QuestionPage.objects.get(title="Каша рецепт")
    assert first["Location"] == second["Location"] == f"/admin/pages/{draft.pk}/edit/"
    assert draft.slug == "каша-рецепт"


def test_an_editor_may_start_questions_only_where_they_may_add_pages(client, korea):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    japan = make_topic(title="Japan")
    writers = Group.objects.create(name="Korea writers")
    writers.permissions.add(*Group.objects.get(name="Editors").permissions.all())
    GroupPagePermission.objects.create(group=writers, page=korea, permission_type="add")
    writer = make_staff("Wren")
    writer.groups.add(writers)
    search(client, "mars colony")
    client.force_login(writer)

    html = client.get(REPORT).content.decode()
    refused = client.post(
        "/admin/readers/question-from-search/", {"words": "mars colony", "topic": japan.pk}
    )

    assert f'<option value="{korea.pk}">Korea</option>' in html
    assert f'<option value="{japan.pk}">' not in html
    # Refused as the admin refuses what a user may not do: sent back to the dashboard.
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert not QuestionPage.objects.filter(title="Mars colony").exists()
