"""Two sites on one installation: each answers with its own questions and nothing of the other's,
in search, type-ahead, feeds, the read API, related questions, duplicates and the sitemap."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, Site

from plainly.accounts.tests.factories import make_staff
from plainly.questions.models import HomePage
from plainly.questions.tests.factories import home_page, make_question, make_topic
from plainly.search.similar import duplicate_pairs

pytestmark = pytest.mark.django_db

OURS, THEIRS = "testserver", "other.example"


@pytest.fixture
def two_sites(settings):
    """Each site a topic "Korea" (the same address on both) with questions alike in words."""
    settings.ALLOWED_HOSTS = [OURS, THEIRS]
    other_home = HomePage(title="Other home", slug="other-home")
    Page.get_first_root_node().add_child(instance=other_home)
    other_home.save_revision().publish()
    Site.objects.create(hostname=THEIRS, port=80, root_page=other_home, site_name="Other")
    ours, theirs = make_topic(title="Korea"), make_topic(title="Korea", parent=other_home)
    return {
        OURS: [
            make_question(ours, title="Is the Korean War over?"),
            make_question(ours, title="How long is the Korean border?"),
        ],
        THEIRS: [
            make_question(theirs, title="Is the Korean War really over?"),
            make_question(theirs, title="How many Korean soldiers guard the border?"),
        ],
    }


def other(host: str) -> str:
    return THEIRS if host == OURS else OURS


def titles_in(text: str, two_sites, host: str) -> set[str]:
    """Which questions of either site ``text`` names."""
    everything = two_sites[OURS] + two_sites[THEIRS]
    return {question.title for question in everything if question.title in text}


def own_titles(two_sites, host: str) -> set[str]:
    return {question.title for question in two_sites[host]}


@pytest.mark.parametrize("host", [OURS, THEIRS])
@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=korean",
        "/search/suggest/?q=korean",
        "/feeds/latest.atom",
        "/feeds/topics/korea.atom",
        "/api/questions/",
        "/api/questions/?q=korean",
        "/api/questions/?topic=korea",
    ],
)
def test_each_site_lists_its_own_questions_alone(client, two_sites, host, path):
    response = client.get(path, HTTP_HOST=host)

    assert response.status_code == 200
    if response["Content-Type"].startswith("text/html"):  # words found are marked
        text = BeautifulSoup(response.content, "html.parser").get_text()
    else:
        text = response.content.decode("unicode_escape" if "/suggest/" in path else "utf-8")
    assert titles_in(text, two_sites, host) == own_titles(two_sites, host)


@pytest.mark.parametrize("host", [OURS, THEIRS])
def test_the_sitemap_and_topics_are_each_sites_own(client, two_sites, host):
    sitemap = client.get("/sitemap.xml", HTTP_HOST=host).content.decode()
    topics = client.get("/api/topics/", HTTP_HOST=host).json()

    assert all(q.slug in sitemap for q in two_sites[host])
    assert not any(q.slug in sitemap for q in two_sites[other(host)])
    site = Site.objects.get(hostname=THEIRS) if host == THEIRS else home_page().get_site()
    assert [topic["url"] for topic in topics] == [f"{site.root_url}/korea/"]


@pytest.mark.parametrize("host", [OURS, THEIRS])
def test_a_question_of_the_other_site_is_not_found_through_the_api(client, two_sites, host):
    own, foreign = two_sites[host][0], two_sites[other(host)][0]

    assert client.get(f"/api/questions/{own.pk}/", HTTP_HOST=host).status_code == 200
    assert client.get(f"/api/questions/{foreign.pk}/", HTTP_HOST=host).status_code == 404


@pytest.mark.parametrize("host", [OURS, THEIRS])
def test_related_questions_come_from_the_same_site(client, two_sites, host):
    question = two_sites[host][0]
    page = BeautifulSoup(client.get(question.url, HTTP_HOST=host).content, "html.parser")
    related = page.select_one("[aria-labelledby=related-heading]") or page.find(
        "section", attrs={"aria-label": "Related questions"}
    )

    assert related is not None
    shown = {link.get_text(strip=True) for link in related.select("a")}
    assert shown == own_titles(two_sites, host) - {question.title}


def test_editors_are_shown_similar_questions_of_the_site_they_write_for(client, two_sites):
    client.force_login(make_staff("Erin", group="Editors"))
    for host in (OURS, THEIRS):
        topic = two_sites[host][0].get_parent()
        data = client.get(
            "/admin/plainly/similar-questions/",
            {"title": "Is the Korean War over yet?", "parent": topic.pk},
        ).json()
        shown = {item["title"] for item in data["similar"]}
        assert shown and shown <= own_titles(two_sites, host)


def test_the_same_question_on_two_sites_is_no_duplicate(two_sites):
    theirs = two_sites[THEIRS][0].get_parent()
    make_question(theirs, title="How long is the Korean border?")  # as on our site

    assert duplicate_pairs() == []
    make_question(
        home_page().get_children().get(slug="korea").specific,
        title="How long is the Korean border, really?",
    )
    assert len(duplicate_pairs()) == 1
